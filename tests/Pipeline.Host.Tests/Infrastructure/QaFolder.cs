namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>
/// The shared retrieval question set and its reference scorer (../shared/qa next to the checkout). Tests read them;
/// the product never does. Missing files fail the test with their expected place, never skip it.
/// </summary>
public static class QaFolder
{
    public static string Path { get; } = Find();

    public static string File(string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        return System.IO.File.Exists(file) ? file : throw new FileNotFoundException($"{name} is missing from the shared question set {Path}", file);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "qa");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("the shared question set (../shared/qa with eval_retrieval.py) was not found above " + AppContext.BaseDirectory);
    }
}
