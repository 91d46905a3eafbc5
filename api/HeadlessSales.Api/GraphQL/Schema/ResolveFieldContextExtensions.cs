using GraphQL;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>What every resolver asks of the request: a database context of its own, and who is asking.</summary>
public static class ResolveFieldContextExtensions
{
    /// <summary>A context rented for this resolver alone (resolvers run in parallel), bound to the caller's tenant and visibility.</summary>
    public static SalesDbContext Database(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<SalesDbContextFactory>().Create();

    public static Actor Actor(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<CurrentActor>().Actor;

    public static long TenantId(this IResolveFieldContext context) => context.Actor().TenantId;
}
