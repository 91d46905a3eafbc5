using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Scalars;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace HeadlessSales.Api.Identity.GraphQL;

public sealed class IdentityQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<IntegrationClientType>>>("integrationClients")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("The tenant's integration clients, revoked ones included.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.IntegrationClients.AsNoTracking()
                    .ToConnectionAsync(SortOrder<IntegrationClient>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<ViewerType>("viewer")
            .AllowAnonymous()
            .Description("Who the access token speaks for; null without a token.")
            .Resolve(ctx => ctx.Actor() is { IsAuthenticated: true } actor ? actor : null);
    }
}

public sealed class ActorKindType : EnumerationGraphType<ActorKind>
{
    public ActorKindType() => Name = "ActorKind";
}

public sealed class ViewerType : ObjectGraphType<Actor>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The caller: a member signed in through a front-end, or an integration client.";
        Field(a => a.Kind, type: typeof(NonNullGraphType<ActorKindType>));
        Field<MemberType>("member")
            .Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<StringGraphType>("clientId").Resolve(ctx => ctx.Source.ClientId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(ctx => ctx.Source.Scopes.Order());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ViewerSessionType>>>>("sessions")
            .Description("A member's own sign-ins that still stand, newest first; empty for an integration client. Deactivation or a password reset ends them all.")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.Kind != ActorKind.Member)
                {
                    return Array.Empty<ViewerSession>();
                }

                var subject = $"member:{ctx.Source.MemberId}";
                await using var db = ctx.Database();
                return await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
                    .Where(a => a.Subject == subject && a.Status == OpenIddictConstants.Statuses.Valid)
                    .OrderByDescending(a => a.CreationDate).Take(50)
                    .Select(a => new ViewerSession(a.Id!, a.Application!.DisplayName ?? a.Application.ClientId, a.CreationDate))
                    .ToListAsync(ctx.CancellationToken);
            });
    }
}

/// <summary>One sign-in of a member through a front-end: an OpenIddict authorization with the tokens minted under it.</summary>
public sealed record ViewerSession(string Id, string? Client, DateTime? CreatedAt);

public sealed class ViewerSessionType : ObjectGraphType<ViewerSession>
{
    public ViewerSessionType()
    {
        Name = "ViewerSession";
        Description = "One of the caller's own sign-ins that still stands.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(ctx => ctx.Source.Id);
        Field<StringGraphType>("client").Description("The front-end signed in through.").Resolve(ctx => ctx.Source.Client);
        Field<UtcDateTimeGraphType>("createdAt").Resolve(ctx => ctx.Source.CreatedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null);
    }
}

public sealed class IdentityMutations : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateIntegrationClientPayloadType>>("createIntegrationClient")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Registers an integration. The payload shows its secret once.")
            .Argument<NonNullGraphType<CreateIntegrationClientInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var name = input.RequiredText("name", 100);
                var scopes = input.List<string>("scopes") ?? [];
                if (scopes.Count == 0 || scopes.Except(Scopes.All).Any())
                {
                    input.Invalid("scopes", $"`scopes` must list one or more of: {string.Join(", ", Scopes.All)}.");
                }

                if (!input.IsValid)
                {
                    return new ClientSecretPayload(null, null, input.Errors);
                }

                var tenantId = ctx.TenantId();
                var (client, secret) = await ctx.RequestServices!.GetRequiredService<IntegrationClientService>()
                    .CreateAsync(tenantId, name!, scopes.Distinct().ToList(), ctx.CancellationToken);
                return new ClientSecretPayload(client, secret, []);
            });

        mutation.Field<NonNullGraphType<RotateIntegrationClientSecretPayloadType>>("rotateIntegrationClientSecret")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Replaces a client's secret; the old one stops working at once. The payload shows the new secret once.")
            .Argument<NonNullGraphType<IntegrationClientIdInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                await using var db = ctx.Database();
                var client = await FindAsync(db, input, ctx.CancellationToken);
                if (client is null)
                {
                    return new ClientSecretPayload(null, null, input.Errors);
                }

                if (client.RevokedAt is not null)
                {
                    return new ClientSecretPayload(null, null, [new InvalidStateError("A revoked client cannot get a new secret.")]);
                }

                var secret = await ctx.RequestServices!.GetRequiredService<IntegrationClientService>().RotateSecretAsync(db, client, ctx.CancellationToken);
                return new ClientSecretPayload(client, secret, []);
            });

        mutation.Field<NonNullGraphType<RevokeIntegrationClientPayloadType>>("revokeIntegrationClient")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Revokes a client for good: it gets no tokens and the tokens it holds stop working.")
            .Argument<NonNullGraphType<IntegrationClientIdInputType>>("input")
            .ResolveAsync(async ctx => await RevokeAsync(ctx));
    }

    private static async Task<MutationPayload<IntegrationClient>> RevokeAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        await using var db = ctx.Database();
        var client = await FindAsync(db, input, ctx.CancellationToken);
        if (client is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (client.RevokedAt is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("The client is already revoked."));
        }

        await ctx.RequestServices!.GetRequiredService<IntegrationClientService>().RevokeAsync(db, client, ctx.CancellationToken);
        return MutationPayload.Success(client);
    }

    private static async Task<IntegrationClient?> FindAsync(SalesDbContext db, InputFields input, CancellationToken cancellationToken)
    {
        var id = input.Id("id", "IntegrationClient");
        var client = id is null ? null : await db.IntegrationClients.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null && input.IsValid)
        {
            input.NotFound("id");
        }

        return client;
    }
}
