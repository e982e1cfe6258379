namespace Pipeline.Host.Tests.Deployment;

/// <summary>The Dockerfile and docker-compose.yml of the checkout, read as text: what they expose and as whom they run.</summary>
public sealed class ContainerFilesTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void The_service_image_runs_as_a_user_other_than_root()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).ToList();
        // Only the final stage is the image that runs; the build stage may stay root.
        var final = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))).ToList();
        var entrypoint = final.FindIndex(l => l.StartsWith("ENTRYPOINT ", StringComparison.OrdinalIgnoreCase));
        var user = final.FindLastIndex(entrypoint, l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase));

        Assert.True(entrypoint > 0, "the final stage has no ENTRYPOINT");
        Assert.True(user > 0, "the final stage sets no USER before its ENTRYPOINT, so the service runs as root");
        var name = final[user]["USER ".Length..].Trim().Split(':')[0];
        Assert.DoesNotContain(name, new[] { "root", "0" });
    }

    [Fact]
    public void Every_port_compose_publishes_is_bound_to_loopback()
    {
        var published = PublishedPorts(File.ReadAllLines(Path.Combine(Root, "docker-compose.yml")));

        Assert.Contains(published, p => p.Service == "smtp");
        Assert.All(published, p => Assert.True(p.Mapping.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{p.Service} publishes {p.Mapping} on every interface"));
    }

    /// <summary>The entries of each service's <c>ports:</c> list (the file is plain two-space YAML).</summary>
    private static List<(string Service, string Mapping)> PublishedPorts(string[] lines)
    {
        var ports = new List<(string, string)>();
        string? service = null;
        var inPorts = false;
        foreach (var line in lines)
        {
            var text = line.Split('#')[0].TrimEnd();
            if (text.Length == 0)
            {
                continue;
            }
            var indent = text.Length - text.TrimStart().Length;
            var trimmed = text.Trim();
            if (indent == 2 && trimmed.EndsWith(':'))
            {
                service = trimmed.TrimEnd(':');
                inPorts = false;
            }
            else if (indent == 4)
            {
                inPorts = trimmed == "ports:";
            }
            else if (inPorts && trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                ports.Add((service!, trimmed[2..].Trim().Trim('"', '\'')));
            }
        }
        return ports;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("the checkout (Pipeline.sln) was not found above " + AppContext.BaseDirectory);
    }
}
