using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Auditing;

public sealed class AuditOutcomeType : EnumerationGraphType<AuditOutcome>
{
    public AuditOutcomeType() => Name = "AuditOutcome";
}

public sealed class AuditEntryType : NodeType<AuditEntry>
{
    public AuditEntryType() : base("AuditEntry", "One mutation: who asked, for what, on which objects, when, and how it ended.")
    {
        Field(e => e.Actor).Description("`member:<key>` or `client:<client id>`.");
        Field<MemberType>("member").Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.Operation).Description("The mutation, e.g. `createAccount`.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("targetIds").Resolve(ctx => ctx.Source.TargetIds);
        Field(e => e.Outcome, type: typeof(NonNullGraphType<AuditOutcomeType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("errorCodes").Resolve(ctx => ctx.Source.ErrorCodes);
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.TraceId, nullable: true);
        this.AuthorizeEveryField(Scopes.AuditRead, MemberRole.Admin, MemberRole.SalesOps);
    }
}

public sealed class AuditEntryFilterType : InputObjectGraphType
{
    public AuditEntryFilterType()
    {
        Name = "AuditEntryFilter";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("operations");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds");
        Field<ListGraphType<NonNullGraphType<AuditOutcomeType>>>("outcomes");
        Field<UtcDateTimeGraphType>("from").Description("Inclusive.");
        Field<UtcDateTimeGraphType>("to").Description("Exclusive.");
    }
}

public sealed class AuditLogQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<AuditEntryType>>>("auditLog")
            .Authorize(Scopes.AuditRead, MemberRole.Admin, MemberRole.SalesOps)
            .Description("Every mutation of the tenant, newest first.")
            .PagingArguments()
            .Argument<AuditEntryFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var entries = db.AuditEntries.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<string>("operations") is { } operations)
                {
                    entries = entries.Where(e => operations.Contains(e.Operation));
                }

                if (filter.Ids("memberIds", "Member") is { } memberIds)
                {
                    entries = entries.Where(e => e.MemberId != null && memberIds.Contains(e.MemberId.Value));
                }

                if (filter.List<AuditOutcome>("outcomes") is { } outcomes)
                {
                    entries = entries.Where(e => outcomes.Contains(e.Outcome));
                }

                if (filter.Get<DateTime?>("from") is { } from)
                {
                    entries = entries.Where(e => e.OccurredAt >= from);
                }

                if (filter.Get<DateTime?>("to") is { } to)
                {
                    entries = entries.Where(e => e.OccurredAt < to);
                }

                var connection = await entries.ToConnectionAsync(SortOrder<AuditEntry>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
}

public sealed class AuditEntryByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<AuditEntry>(databases);

public static class AuditLogModule
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<IQueryFields, AuditLogQueries>();
        services.AddNode<AuditEntryType, AuditEntry, AuditEntryByIdDataLoader>();
        return services;
    }
}
