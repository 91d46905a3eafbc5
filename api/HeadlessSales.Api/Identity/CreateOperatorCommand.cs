using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static HeadlessSales.Api.Infrastructure.Cli.CommandLine;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HeadlessSales.Api.Identity;

/// <summary><c>create-operator</c>: on first set-up, the platform operator's client, whose secret is printed once.</summary>
public sealed class CreateOperatorCommand : IHostCommand
{
    public string Name => "create-operator";

    public string Usage => """
          create-operator [--name text]         add a platform operator's client (creates, suspends and lists tenants
                                                 through the API) and print its client id and secret once
        """;

    public async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var name = Option(args, "--name") ?? "Platform operator";
        await using (var db = app.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            await db.Database.MigrateAsync();
        }

        await using var scope = app.Services.CreateAsyncScope();
        var (clientId, secret) = await PlatformOperators.CreateAsync(scope.ServiceProvider, name, CancellationToken.None);
        Console.WriteLine($"Platform operator '{name}' created. Keep the secret: it is stored only as a hash and not shown again.");
        Console.WriteLine($"  client_id:     {clientId}");
        Console.WriteLine($"  client_secret: {secret}");
        Console.WriteLine($"  token:         POST /connect/token grant_type=client_credentials scope={Scopes.PlatformOperator}");
        return 0;
    }
}

public static class PlatformOperators
{
    /// <returns>The new operator's client id and its secret, which is shown this once.</returns>
    public static async Task<(string ClientId, string Secret)> CreateAsync(IServiceProvider services, string name, CancellationToken cancellationToken)
    {
        var clientId = "op_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Scopes.PlatformOperator]);
        await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor, cancellationToken);

        await using var db = services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        db.PlatformOperators.Add(new PlatformOperator { ClientId = clientId, Name = name, CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return (clientId, secret);
    }
}
