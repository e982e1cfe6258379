using System.CommandLine;
using System.Text;
using Pipeline.Host.Dashboard;

namespace Pipeline.Host.Cli;

/// <summary>
/// hash-password: prints the hash of a dashboard password for PIPELINE_DASHBOARD_USERS. The password is read from
/// the terminal without echo, or from standard input when piped; never from an argument, which the shell history keeps.
/// </summary>
public static class HashPasswordCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2-SHA256 iterations (default {DashboardPasswordHash.DefaultIterations}, at least {DashboardPasswordHash.MinimumIterations})",
            DefaultValueFactory = _ => DashboardPasswordHash.DefaultIterations,
        };
        var command = new Command("hash-password", "Print the hash of a dashboard password or a search API key, for PIPELINE_DASHBOARD_USERS (name:role:hash) or PIPELINE_API_KEYS (name:hash)") { iterations };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(iterations);
            if (count < DashboardPasswordHash.MinimumIterations)
            {
                throw new ArgumentException($"--iterations must be at least {DashboardPasswordHash.MinimumIterations}");
            }
            string password;
            if (Console.IsInputRedirected)
            {
                password = (await Console.In.ReadLineAsync(cancellationToken)) ?? "";
            }
            else
            {
                password = ReadHidden("Password: ");
                if (ReadHidden("Again: ") != password)
                {
                    throw new ArgumentException("the two passwords differ");
                }
            }
            if (password.Length == 0)
            {
                throw new ArgumentException("the password is empty");
            }
            Console.WriteLine(DashboardPasswordHash.Create(password, count));
            return 0;
        });
        return command;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
