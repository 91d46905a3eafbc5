using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>The signing rhythm: signal definitions, reminders, to-sign lists, the month's rhythm and the settings.</summary>
public sealed class RhythmQueries(TimeProvider clock) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<DecisionSignalDefinitionType>>>("decisionSignalDefinitions")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's kinds of decision signal, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.DecisionSignalDefinitions.AsNoTracking()
                    .ToConnectionAsync(SortOrder<DecisionSignalDefinition>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<SigningReminderType>>>("signingReminders")
            .Authorize(Scopes.SalesRead)
            .Description("Signing reminders of a member (the caller when a member and `memberId` is left out; everyone the caller sees otherwise), newest first.")
            .Argument<IdGraphType>("memberId")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var reminders = db.SigningReminders.AsNoTracking();
                if (MemberOf(ctx) is { } memberId)
                {
                    reminders = reminders.Where(r => r.MemberId == memberId);
                }

                var connection = await reminders.ToConnectionAsync(SortOrder<SigningReminder>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<ToSignListType>("toSignList")
            .Authorize(Scopes.SalesRead)
            .Description("A rep's to-sign list: the one delivered on `weekOf`, the latest delivered when `weekOf` is left out, or as it stands now with `live: true`. "
                + "Null when the caller does not see the rep's records.")
            .Argument<IdGraphType>("memberId", "Defaults to the caller.")
            .Argument<DateOnlyGraphType>("weekOf")
            .Argument<BooleanGraphType>("live")
            .ResolveAsync(async ctx =>
            {
                var memberId = MemberOf(ctx);
                if (memberId is null || !ctx.Actor().SeesOwner(memberId))
                {
                    return null;
                }

                await using var db = ctx.Database();
                if (!await db.Members.AnyAsync(m => m.Id == memberId, ctx.CancellationToken))
                {
                    return null;
                }

                if (ctx.GetArgument<bool?>("live") is true)
                {
                    var settings = await WeeklyToSignJob.SettingsAsync(db, ctx.CancellationToken);
                    var zone = await MonthlyAttributionJob.ZoneAsync(db, ctx.TenantId(), ctx.CancellationToken);
                    var lists = await ToSignLists.ComputeAsync(db, db.Members.Where(m => m.Id == memberId).Select(m => m.Id), clock.GetUtcNow().UtcDateTime, settings, zone, ctx.CancellationToken);
                    return new ToSignList(memberId.Value, null, lists.GetValueOrDefault(memberId.Value) ?? []);
                }

                var entries = db.ToSignListEntries.AsNoTracking().Where(e => e.MemberId == memberId);
                var weekOf = ctx.GetArgument<DateOnly?>("weekOf") ?? await entries.MaxAsync(e => (DateOnly?)e.WeekOf, ctx.CancellationToken);
                var items = weekOf is null ? [] : await entries.Where(e => e.WeekOf == weekOf).OrderBy(e => e.Rank).ToListAsync(ctx.CancellationToken);
                return (object)new ToSignList(memberId.Value, weekOf, items.Select(e => e.ToItem()).ToList());
            });

        query.Field<NonNullGraphType<RhythmMonthType>>("rhythmMetrics")
            .Authorize(Scopes.SalesRead)
            .Description("The signing rhythm of a month (tenant's calendar) over the contracts the caller sees, of a team or a member when given.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("month")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("memberId")
            .ResolveAsync(async ctx =>
            {
                var (year, month) = (ctx.GetArgument<int>("year"), ctx.GetArgument<int>("month"));
                if (year is < 2000 or > 2100 || month is < 1 or > 12)
                {
                    throw new ExecutionError("`year` must be from 2000 to 2100 and `month` from 1 to 12.") { Code = "INVALID_ARGUMENT" };
                }

                await using var db = ctx.Database();
                IQueryable<long>? owners = null;
                if (Decode(ctx.GetArgument<string?>("teamId"), "Team") is { } teamId)
                {
                    owners = db.Members.Where(m => m.TeamId == teamId).Select(m => m.Id);
                }

                if (Decode(ctx.GetArgument<string?>("memberId"), "Member") is { } memberId)
                {
                    owners = (owners ?? db.Members.Select(m => m.Id)).Where(id => id == memberId);
                }

                var settings = await WeeklyToSignJob.SettingsAsync(db, ctx.CancellationToken);
                var zone = await MonthlyAttributionJob.ZoneAsync(db, ctx.TenantId(), ctx.CancellationToken);
                return await RhythmMetrics.ComputeAsync(db, owners, year, month, zone, settings, clock.GetUtcNow().UtcDateTime, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthEndSpikeAlertType>>>>("monthEndSpikeAlerts")
            .Authorize(Scopes.SalesRead)
            .Description("The month-end spike alerts raised in a month (tenant's calendar), in the scopes the caller sees (tenant-wide: sales ops, admins, integrations); oldest first.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("month")
            .ResolveAsync(async ctx =>
            {
                var (year, month) = (ctx.GetArgument<int>("year"), ctx.GetArgument<int>("month"));
                await using var db = ctx.Database();
                var alerts = await db.MonthEndSpikeAlerts.AsNoTracking().Where(a => a.Year == year && a.Month == month).OrderBy(a => a.Id).ToListAsync(ctx.CancellationToken);
                return alerts.Select(a => a.ToEvent()).ToList();
            });

        query.Field<NonNullGraphType<RhythmSettingsType>>("rhythmSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's signing-rhythm settings (the defaults until changed).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await WeeklyToSignJob.SettingsAsync(db, ctx.CancellationToken);
            });
    }

    private static long? MemberOf(IResolveFieldContext ctx) =>
        Decode(ctx.GetArgument<string?>("memberId"), "Member") ?? ctx.Actor().MemberId;

    internal static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };
}
