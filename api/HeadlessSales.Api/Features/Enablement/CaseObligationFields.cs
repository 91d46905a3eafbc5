using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The monthly case obligations through the API, seen as the member's records are (a rep their own, a manager the team's).</summary>
public sealed class CaseObligationFields(TimeProvider clock) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<CaseObligationType>>>("caseObligations")
            .Authorize(Scopes.SalesRead)
            .Description("The cases top reps owe, of the members whose records the caller sees, the latest due first.")
            .PagingArguments()
            .Argument<CaseObligationFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var obligations = db.CaseObligations.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("memberIds", "Member") is { } members)
                {
                    obligations = obligations.Where(o => members.Contains(o.MemberId));
                }

                if (filter.List<string>("months") is { } months)
                {
                    obligations = obligations.Where(o => months.Contains(o.Month));
                }

                if (filter.Get<bool?>("overdue") is { } overdue)
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    obligations = overdue
                        ? obligations.Where(o => o.FulfilledAt == null && o.DueAt <= now)
                        : obligations.Where(o => o.FulfilledAt != null || o.DueAt > now);
                }

                var connection = await obligations.ToConnectionAsync(SortOrder<CaseObligation>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}

public sealed class CaseObligationStatusType : EnumerationGraphType<CaseObligationStatus>
{
    public CaseObligationStatusType() => Name = "CaseObligationStatus";
}

public sealed class CaseObligationType : NodeType<CaseObligation>
{
    public CaseObligationType(TimeProvider clock) : base("CaseObligation", "One complete won case a top rep owes for a month; fulfilled when the case that answers it is approved.")
    {
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(o => o.Month).Description("The month (yyyy-MM, in the tenant's time zone) the rep ranked among the top by won deals.");
        Field(o => o.Rank).Description("1 for the month's best rep.");
        Field(o => o.Wins).Description("The won deals that ranked the rep.");
        Field(o => o.DueAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<NonNullGraphType<CaseObligationStatusType>>("status").Resolve(ctx => ctx.Source.StatusAt(clock.GetUtcNow().UtcDateTime));
        Field<NonNullGraphType<BooleanGraphType>>("overdue").Description("Past its due date and not fulfilled.")
            .Resolve(ctx => ctx.Source.StatusAt(clock.GetUtcNow().UtcDateTime) == CaseObligationStatus.Overdue);
        Field<WonCaseType>("case").Description("The case that answers it: the rep's first case submitted while it was open.")
            .Resolve(ctx => ctx.Source.CaseId is { } id ? ctx.DataLoader<WonCaseByIdDataLoader>().LoadAsync(id) : null);
        Field(o => o.RemindedAt, type: typeof(UtcDateTimeGraphType)).Description("When the reminder landed (the reminder days before the due date), if it was still open.");
        Field<StringGraphType>("reminder").Description("The reminder's text, once it landed.").Resolve(ctx => ctx.Source.RemindedAt is null ? null : CaseObligation.ReminderText);
        Field(o => o.FulfilledAt, type: typeof(UtcDateTimeGraphType)).Description("When its case was approved.");
        Field(o => o.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class CaseObligationFilterType : InputObjectGraphType
{
    public CaseObligationFilterType()
    {
        Name = "CaseObligationFilter";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("months").Description("yyyy-MM.");
        Field<BooleanGraphType>("overdue").Description("True: past due and not fulfilled; false: the others.");
    }
}
