using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// What an integrator does: a new console project references the packed HeadlessSales.Sdk, adds one
/// .graphql file, builds (the generator types it against the shipped schema) and runs it against the server.
/// </summary>
public sealed class PackagedSdkConsumerTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "headlesssales-sdk-consumer", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task NewConsoleProject_WithOneGraphQLFile_GetsATypedClient_AndRunsItAgainstTheServer()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_workspace, "feed")).FullName;
        var consumer = Directory.CreateDirectory(Path.Combine(_workspace, "consumer")).FullName;
        // A version of its own, so no package cached by an earlier run can stand in for this build.
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var sdkProject = Path.Combine(RepositoryRoot(), "sdk", "HeadlessSales.Sdk", "HeadlessSales.Sdk.csproj");
        await RunAsync(_workspace, "dotnet", "pack", sdkProject, "-o", feed, "-p:Version=" + version, "--disable-build-servers");
        WriteConsumer(consumer, feed, version);

        await RunAsync(consumer, "dotnet", "build", "--disable-build-servers", "-nodeReuse:false");
        using var server = new DemoServer();
        server.UseKestrel(0);
        server.StartServer();
        var output = await RunAsync(
            consumer, "dotnet", "run", "--no-build", "--",
            new Uri(server.ClientOptions.BaseAddress, "/graphql").ToString(), SdkServerFactory.DemoClientId, SdkServerFactory.DemoClientSecret);

        Assert.Contains("TopAccountsAsync(Int32, System.Threading.CancellationToken)", output);
        Assert.Matches(@"accounts: \d+ of \d+", output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workspace, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder cleanup.
        }
    }

    private static void WriteConsumer(string directory, string feed, string version)
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="headlesssales-sdk-under-test" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // Packages already on the machine serve as a fallback folder: the test needs no download.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <RestorePackagesPath>{Path.Combine(directory, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HeadlessSales.Sdk" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "TopAccounts.graphql"), """
            query TopAccounts($first: Int!) {
              accounts(first: $first) {
                totalCount
                nodes { id name industry }
              }
            }
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Consumer;
            using HeadlessSales.Client;
            using Microsoft.Extensions.DependencyInjection;

            var endpoint = new Uri(args[0]);
            var services = new ServiceCollection();
            services.AddGraphQLClient(options => options.Endpoint = endpoint)
                .AddClientCredentials(options =>
                {
                    options.TokenEndpoint = new Uri(endpoint, "/connect/token");
                    options.ClientId = args[1];
                    options.ClientSecret = args[2];
                });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IGraphQLClient>();

            Console.WriteLine(typeof(IGraphQLClient).GetMethod(nameof(IGraphQLClient.TopAccountsAsync)));
            var accounts = (await client.TopAccountsAsync(first: 3)).EnsureSuccess().Accounts;
            Console.WriteLine($"accounts: {accounts.Nodes.Count} of {accounts.TotalCount}");
            foreach (var account in accounts.Nodes)
            {
                Console.WriteLine($"{account.Name,-30} {account.Industry}");
            }
            """);
    }

    private static async Task<string> RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run inside an MSBuild-launched environment; the child build must find its own SDK.
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {CommandTimeout}.");
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"'{fileName} {string.Join(' ', arguments)}' exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeadlessSales.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("HeadlessSales.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The server on a real port, since the consumer is another process.</summary>
    private sealed class DemoServer : WebApplicationFactory<Program>
    {
        private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "headlesssales-sdk-consumer-server", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("HeadlessSales:DataFolder", _dataFolder);
            builder.UseSetting("Identity:RequireHttps", "false"); // the test server speaks plain HTTP
        }
    }
}
