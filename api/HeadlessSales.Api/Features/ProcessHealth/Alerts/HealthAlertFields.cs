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
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>
/// Who sees an alert, as for the dashboard and escalations: sales ops, admins and integrations every alert; a region
/// manager their region's, its teams' and its members'; a team lead the teams they lead and their members'; anyone a
/// member alert of a member they see (a rep: their own). Read once per request or subscription.
/// </summary>
internal sealed record HealthAlertViewer(long TenantId, bool All, IReadOnlyList<long> MemberIds, IReadOnlyList<long> TeamIds, long? RegionId)
{
    public static async Task<HealthAlertViewer> ForAsync(SalesDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.VisibleOwnerIds is null)
        {
            return new HealthAlertViewer(actor.TenantId, true, [], [], null);
        }

        var member = actor.MemberId is { } id ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken) : null;
        var teams = member?.Role == MemberRole.TeamLead
            ? await db.Teams.AsNoTracking().Where(t => t.Id == member.TeamId || t.LeadId == member.Id).Select(t => t.Id).ToListAsync(cancellationToken)
            : [];
        var region = member?.Role == MemberRole.RegionManager ? member.RegionId : null;
        return new HealthAlertViewer(actor.TenantId, false, actor.VisibleOwnerIds, teams, region);
    }

    public IQueryable<HealthAlert> Visible(IQueryable<HealthAlert> alerts)
    {
        if (All)
        {
            return alerts;
        }

        var (members, teams, region) = (MemberIds.ToList(), TeamIds.ToList(), RegionId);
        return alerts.Where(a => (a.ScopeKind == HealthScopeKind.Member && members.Contains(a.ScopeId))
            || (a.ScopeKind == HealthScopeKind.Team && (teams.Contains(a.ScopeId) || (region != null && a.RegionId == region)))
            || (a.ScopeKind == HealthScopeKind.Region && region != null && a.ScopeId == region));
    }

    public bool Sees(HealthAlertChanged change) =>
        change.TenantId == TenantId
        && (All || change.ScopeKind switch
        {
            HealthScopeKind.Member => MemberIds.Contains(change.ScopeId),
            HealthScopeKind.Team => TeamIds.Contains(change.ScopeId) || (RegionId is not null && change.RegionId == RegionId),
            HealthScopeKind.Region => RegionId is not null && change.ScopeId == RegionId,
            _ => false,
        });
}

/// <summary>Loads alerts for <c>node(id:)</c> and events, with the caller's visibility: an alert they may not see reads as not found.</summary>
public sealed class HealthAlertByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, HealthAlert>
{
    protected override async Task<IReadOnlyDictionary<long, HealthAlert>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var viewer = await HealthAlertViewer.ForAsync(db, actor.Actor, cancellationToken);
        return await viewer.Visible(db.HealthAlerts.AsNoTracking()).Where(a => keys.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
    }
}

public sealed class HealthAlertChangeType : EnumerationGraphType<HealthAlertChange>
{
    public HealthAlertChangeType() => Name = "HealthAlertChange";
}

public sealed class HealthAlertType : NodeType<HealthAlert>
{
    public HealthAlertType() : base("HealthAlert", "A process metric breached in a scope over the rolling window: raised once per breach, resolved when the metric is back at its target.")
    {
        Field(a => a.Metric, type: typeof(NonNullGraphType<ProcessMetricType>));
        Field(a => a.ScopeKind, type: typeof(NonNullGraphType<HealthScopeKindType>));
        Field<MemberType>("member").Description("The member, for a MEMBER scope.")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Member ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field<TeamType>("team").Description("The team, for a TEAM scope; the member's team for a MEMBER scope.")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<RegionType>("region").Description("The region of the scope; null for the tenant.")
            .Resolve(ctx => ctx.Source.RegionId is { } id ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(id) : null);
        Field(a => a.Status, type: typeof(NonNullGraphType<HealthStatusType>)).Description("The verdict that raised it.");
        Field(a => a.Value).Description("The metric's value when it was raised, a share from 0 to 1.");
        Field(a => a.Threshold).Description("The target it fell short of.");
        Field(a => a.WarningBelow).Description("Below this the metric is breached rather than warning.");
        Field(a => a.WindowFrom, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("Start of the period judged when it was raised.");
        Field(a => a.WindowTo, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("End of that period (exclusive).");
        Field(a => a.RaisedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(a => a.ResolvedAt, type: typeof(UtcDateTimeGraphType)).Description("Null while open.");
        Field(a => a.ResolvedValue, nullable: true).Description("The value that resolved it; null when it was resolved because nothing was left to judge.");
        Field<NonNullGraphType<BooleanGraphType>>("open").Resolve(ctx => ctx.Source.ResolvedAt is null);
    }
}

public sealed class HealthAlertEventType : ObjectGraphType<HealthAlertChanged>
{
    public HealthAlertEventType()
    {
        Name = "HealthAlertEvent";
        Description = "A health alert was raised or resolved.";
        Field(e => e.Change, type: typeof(NonNullGraphType<HealthAlertChangeType>));
        Field<NonNullGraphType<IdGraphType>>("alertId").Resolve(ctx => GlobalId.Encode("HealthAlert", ctx.Source.AlertId));
        Field<HealthAlertType>("alert")
            .Description("The alert as it is now, loaded when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<HealthAlertByIdDataLoader>().LoadAsync(ctx.Source.AlertId));
        Field(e => e.Metric, type: typeof(NonNullGraphType<ProcessMetricType>));
        Field(e => e.ScopeKind, type: typeof(NonNullGraphType<HealthScopeKindType>));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public enum HealthAlertOrderField
{
    RaisedAt,
}

public sealed class HealthAlertOrderFieldType : EnumerationGraphType<HealthAlertOrderField>
{
    public HealthAlertOrderFieldType() => Name = "HealthAlertOrderField";
}

public sealed class HealthAlertOrderType() : OrderInputType<HealthAlertOrderFieldType>("HealthAlertOrder", "How health alerts are ordered; newest first when not given.");

public sealed class HealthAlertFilterType : InputObjectGraphType
{
    public HealthAlertFilterType()
    {
        Name = "HealthAlertFilter";
        Field<BooleanGraphType>("open").Description("True: only open alerts; false: only resolved ones.");
        Field<ListGraphType<NonNullGraphType<ProcessMetricType>>>("metrics");
        Field<ListGraphType<NonNullGraphType<HealthScopeKindType>>>("scopeKinds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds").Description("Alerts of these members' MEMBER scopes.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds").Description("Alerts of these teams and of their members.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds").Description("Alerts of these regions and of everything in them.");
    }
}

public sealed class HealthAlertFields(IEventBus events) : IQueryFields, ISubscriptionFields
{
    private static readonly Dictionary<HealthAlertOrderField, Func<bool, SortOrder<HealthAlert>>> Orders = new()
    {
        [HealthAlertOrderField.RaisedAt] = desc => SortOrder<HealthAlert>.By("raisedAt", a => a.RaisedAt, desc),
    };

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<HealthAlertType>>>("healthAlerts")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts, open and resolved, of the scopes the caller may see.")
            .PagingArguments()
            .Argument<HealthAlertFilterType>("where")
            .Argument<HealthAlertOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var viewer = await HealthAlertViewer.ForAsync(db, ctx.Actor(), ctx.CancellationToken);
                var alerts = viewer.Visible(db.HealthAlerts.AsNoTracking());
                var filter = new FilterArguments(ctx);
                if (filter.Get<bool?>("open") is { } open)
                {
                    alerts = open ? alerts.Where(a => a.ResolvedAt == null) : alerts.Where(a => a.ResolvedAt != null);
                }

                if (filter.List<ProcessMetric>("metrics") is { } metrics)
                {
                    alerts = alerts.Where(a => metrics.Contains(a.Metric));
                }

                if (filter.List<HealthScopeKind>("scopeKinds") is { } kinds)
                {
                    alerts = alerts.Where(a => kinds.Contains(a.ScopeKind));
                }

                if (filter.Ids("memberIds", "Member") is { } memberIds)
                {
                    alerts = alerts.Where(a => a.ScopeKind == HealthScopeKind.Member && memberIds.Contains(a.ScopeId));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    alerts = alerts.Where(a => a.TeamId != null && teamIds.Contains(a.TeamId.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    alerts = alerts.Where(a => a.RegionId != null && regionIds.Contains(a.RegionId.Value));
                }

                var order = ctx.GetArgument<Dictionary<string, object?>?>("order") is null ? Orders[HealthAlertOrderField.RaisedAt](true) : ctx.GetOrder(Orders);
                var connection = await alerts.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void ISubscriptionFields.AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<HealthAlertEventType>>("onHealthAlertRaised")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts as they are raised, in the scopes the caller may see; narrowed to a team or a region (and what is in it) when given.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStreamAsync(async ctx => await StreamAsync(ctx, raisedOnly: true));

        subscription.Field<NonNullGraphType<HealthAlertEventType>>("onHealthAlertChanged")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts as they are raised and resolved (see `change`), in the scopes the caller may see.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStreamAsync(async ctx => await StreamAsync(ctx, raisedOnly: false));
    }

    private async Task<IObservable<HealthAlertChanged>> StreamAsync(IResolveFieldContext ctx, bool raisedOnly)
    {
        var teamId = Decode(ctx.GetArgument<string?>("teamId"), "Team");
        var regionId = Decode(ctx.GetArgument<string?>("regionId"), "Region");
        HealthAlertViewer viewer;
        await using (var db = ctx.Database())
        {
            viewer = await HealthAlertViewer.ForAsync(db, ctx.Actor(), ctx.CancellationToken);
        }

        return events.Observe<HealthAlertChanged>(e => (!raisedOnly || e.Change == HealthAlertChange.Raised)
            && viewer.Sees(e)
            && (teamId is null || e.TeamId == teamId)
            && (regionId is null || e.RegionId == regionId));
    }

    private static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };
}
