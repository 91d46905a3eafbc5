using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.GraphQL;
using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HeadlessSales.Api.Identity;

public static class IdentityModule
{
    /// <summary>The GraphQL side of identity: the viewer, integration clients, people's sign-in and the platform operator's tenants.</summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.AddScoped<IntegrationClientService>();
        services.AddScoped<MemberAccessService>();
        services.AddScoped<SecondFactorService>();
        services.AddScoped<TenantProvisioningService>();
        services.AddScoped<ExternalSignIn.ExternalSignInService>();
        services.AddScoped<ExternalSignIn.SignInPolicyService>();
        services.AddSingleton<EmailOutbox>();
        services.TryAddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddSingleton<IHostCommand, CreateOperatorCommand>();
        services.AddSingleton<IQueryFields, IdentityQueries>();
        services.AddSingleton<IMutationFields, IdentityMutations>();
        services.AddSingleton<IQueryFields, PlatformQueries>();
        services.AddSingleton<IMutationFields, PlatformMutations>();
        services.AddSingleton<IMutationFields, MemberAccessMutations>();
        services.AddSingleton<IMutationFields, SecondFactorMutations>();
        services.AddSingleton<IQueryFields, ExternalSignInQueries>();
        services.AddSingleton<IMutationFields, ExternalSignInMutations>();
        services.AddNode<IntegrationClientType, IntegrationClient, IntegrationClientByIdDataLoader>();
        return services;
    }
}

public sealed class IntegrationClientByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<IntegrationClient>(databases);
