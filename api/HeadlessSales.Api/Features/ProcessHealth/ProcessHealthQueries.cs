using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>The process health dashboard of a scope and period.</summary>
public sealed class ProcessHealthQueries(TimeProvider clock) : IQueryFields
{
    /// <summary>A longer period is a report, not a dashboard.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ProcessHealthReportType>>("processHealth")
            .Authorize(Scopes.SalesRead)
            .Description("Each process metric of a scope the caller sees, for [from, to): value, threshold, status, the previous period's value and the lowest contributors.")
            .Argument<NonNullGraphType<ProcessHealthScopeInputType>>("scope")
            .Argument<NonNullGraphType<PeriodInputType>>("period")
            .ResolveAsync(async ctx =>
            {
                var scope = ReadScope(ctx.GetArgument<Dictionary<string, object?>>("scope"));
                var period = ctx.GetArgument<Dictionary<string, object?>>("period");
                var from = ((DateTime)period["from"]!).ToUniversalTime();
                var to = ((DateTime)period["to"]!).ToUniversalTime();
                if (to <= from || to - from > MaxPeriod)
                {
                    throw new ExecutionError("The period must end after it starts and last at most 366 days.") { Code = "INVALID_PERIOD" };
                }

                await using var db = ctx.Database();
                if (!await MaySeeAsync(db, ctx.Actor(), scope, ctx.CancellationToken))
                {
                    throw new ExecutionError("The caller may not see this scope's process health.") { Code = "FORBIDDEN" };
                }

                return await ProcessHealthDashboard.ReportAsync(db, scope, from, to, clock.GetUtcNow().UtcDateTime, ctx.CancellationToken);
            });
    }

    internal static HealthScope ReadScope(Dictionary<string, object?> input)
    {
        var given = new List<HealthScope>();
        if (input.GetValueOrDefault("memberId") is string member)
        {
            given.Add(new HealthScope(HealthScopeKind.Member, Decode(member, "Member")));
        }

        if (input.GetValueOrDefault("teamId") is string team)
        {
            given.Add(new HealthScope(HealthScopeKind.Team, Decode(team, "Team")));
        }

        if (input.GetValueOrDefault("regionId") is string region)
        {
            given.Add(new HealthScope(HealthScopeKind.Region, Decode(region, "Region")));
        }

        if (input.GetValueOrDefault("tenant") is true)
        {
            given.Add(new HealthScope(HealthScopeKind.Tenant, null));
        }

        return given.Count == 1
            ? given[0]
            : throw new ExecutionError("Give exactly one of memberId, teamId, regionId or tenant: true.") { Code = "INVALID_SCOPE" };
    }

    private static long Decode(string id, string type) =>
        GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };

    /// <summary>A scope is visible when every member in it is: a rep sees themselves, a team lead the team, a region manager the region.</summary>
    internal static async Task<bool> MaySeeAsync(SalesDbContext db, Actor actor, HealthScope scope, CancellationToken cancellationToken)
    {
        if (actor.VisibleOwnerIds is null)
        {
            return true;
        }

        var visible = actor.VisibleOwnerIds.ToList();
        return scope.Kind switch
        {
            HealthScopeKind.Member => visible.Contains(scope.Id!.Value),
            HealthScopeKind.Team => await db.Teams.AnyAsync(t => t.Id == scope.Id, cancellationToken)
                && !await db.Members.AnyAsync(m => m.TeamId == scope.Id && !visible.Contains(m.Id), cancellationToken),
            HealthScopeKind.Region => await db.Regions.AnyAsync(r => r.Id == scope.Id, cancellationToken)
                && !await db.Members.AnyAsync(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == scope.Id) && !visible.Contains(m.Id), cancellationToken),
            _ => false,
        };
    }
}
