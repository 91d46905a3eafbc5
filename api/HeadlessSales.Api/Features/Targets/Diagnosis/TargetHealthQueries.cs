using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

public sealed class TargetHealthFindingFilterType : InputObjectGraphType
{
    public TargetHealthFindingFilterType()
    {
        Name = "TargetHealthFindingFilter";
        Field<BooleanGraphType>("open").Description("True: only open findings; false: only resolved ones.");
        Field<ListGraphType<NonNullGraphType<TargetHealthRuleType>>>("rules");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds").Description("Findings about these reps.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds").Description("Findings about the reps of these teams (their team when raised).");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds");
        Field<UtcDateTimeGraphType>("raisedFrom").Description("Raised at or after this instant.");
    }
}

/// <summary>Target-health findings, open and resolved, of the reps the caller sees.</summary>
public sealed class TargetHealthQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<TargetHealthFindingType>>>("targetHealthFindings")
            .Authorize(Scopes.SalesRead)
            .Description("Target-health findings of the reps whose records the caller sees, newest first.")
            .PagingArguments()
            .Argument<TargetHealthFindingFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var findings = db.TargetHealthFindings.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Get<bool?>("open") is { } open)
                {
                    findings = open ? findings.Where(f => f.ResolvedAt == null) : findings.Where(f => f.ResolvedAt != null);
                }

                if (filter.List<TargetHealthRule>("rules") is { } rules)
                {
                    findings = findings.Where(f => rules.Contains(f.Rule));
                }

                if (filter.Ids("memberIds", "Member") is { } memberIds)
                {
                    findings = findings.Where(f => memberIds.Contains(f.MemberId));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    findings = findings.Where(f => f.TeamId != null && teamIds.Contains(f.TeamId.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    findings = findings.Where(f => f.RegionId != null && regionIds.Contains(f.RegionId.Value));
                }

                if (filter.Get<DateTime?>("raisedFrom") is { } raisedFrom)
                {
                    var from = raisedFrom.ToUniversalTime();
                    findings = findings.Where(f => f.RaisedAt >= from);
                }

                var connection = await findings.ToConnectionAsync(SortOrder<TargetHealthFinding>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<TargetHealthThresholdsType>>("targetHealthThresholds")
            .Authorize(Scopes.SalesRead)
            .Description("Where each diagnosis rule draws its line.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await db.TargetHealthThresholds.AsNoTracking().FirstOrDefaultAsync(ctx.CancellationToken) ?? new TargetHealthThresholds { TenantId = ctx.TenantId() };
            });
    }
}
