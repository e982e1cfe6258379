return await Pipeline.Host.Cli.CliApp.RunAsync(args);
