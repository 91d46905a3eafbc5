using GraphQL;
using GraphQL.Utilities;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Infrastructure.Cli;

/// <summary>
/// A maintenance command that the host runs instead of the server, registered by whoever owns it (the demo tenant's
/// <c>seed</c> is composed from every module, so it is not the platform's).
/// </summary>
public interface IHostCommand
{
    string Name { get; }

    /// <summary>Its lines in the help text, indented as the platform's own.</summary>
    string Usage { get; }

    Task<int> RunAsync(WebApplication app, string[] args);
}

/// <summary>The host's maintenance commands; anything else starts the server.</summary>
public static class CommandLine
{
    private const string Usage = """
        Commands:
          (none)                                 start the server
          export-schema [file]                   write the schema SDL (default: the repository's schema/schema.graphql)
        """;

    /// <returns>The exit code when <paramref name="args"/> named a command, null to start the server.</returns>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        // A command comes first; anything else (--urls, Key=Value) is host configuration.
        var command = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') ? args[0] : null;
        switch (command)
        {
            case null:
                return null;
            case "export-schema":
                return await ExportSchemaAsync(app, args.Skip(1).FirstOrDefault(a => !a.StartsWith('-')) ?? DefaultSchemaPath(app.Environment.ContentRootPath));
            case "help" or "--help":
                Console.WriteLine(FullUsage(app));
                return 0;
        }

        if (app.Services.GetServices<IHostCommand>().FirstOrDefault(c => c.Name == command) is { } hostCommand)
        {
            return await hostCommand.RunAsync(app, args);
        }

        Console.Error.WriteLine($"Unknown command '{command}'.");
        Console.Error.WriteLine(FullUsage(app));
        return 2;
    }

    private static string FullUsage(WebApplication app) =>
        Usage.TrimEnd() + string.Concat(app.Services.GetServices<IHostCommand>().Select(c => "\n" + c.Usage.TrimEnd())) + "\n";

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, if any.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The SDL exactly as the contract test compares it.</summary>
    public static string PrintSchema(IServiceProvider services)
    {
        var schema = services.GetRequiredService<HeadlessSalesSchema>();
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    /// <summary><c>schema/schema.graphql</c> of the repository the host runs from (found by its solution file).</summary>
    public static string DefaultSchemaPath(string startFolder)
    {
        for (var folder = new DirectoryInfo(startFolder); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HeadlessSales.sln")))
            {
                return Path.Combine(folder.FullName, "schema", "schema.graphql");
            }
        }

        return Path.Combine(startFolder, "schema", "schema.graphql");
    }

    private static async Task<int> ExportSchemaAsync(WebApplication app, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, PrintSchema(app.Services));
        Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
        return 0;
    }

}
