using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

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
