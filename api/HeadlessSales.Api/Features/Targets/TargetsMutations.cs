using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>Setting targets down the tree, weekly plans, calibrations and the metric definitions through the API.</summary>
public sealed class TargetsMutations(TimeProvider clock) : IMutationFields
{
    public const int ReasonMaxLength = 500;

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateSalesTargetPayloadType>>("createSalesTarget")
            .Authorize(Scopes.SalesWrite)
            .Description("Sets a dual-track target of an org node for a month or quarter: a root (the whole-tenant view only) or a child allocated from a parent the caller sees.")
            .Argument<NonNullGraphType<CreateSalesTargetInputType>>("input")
            .ResolveAsync(async ctx => await CreateTargetAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateWeeklyPlanPayloadType>>("createWeeklyPlan")
            .Authorize(Scopes.SalesWrite)
            .Description("A rep's commitments for one week under their member target: their own accounts and opportunities, and key actions.")
            .Argument<NonNullGraphType<CreateWeeklyPlanInputType>>("input")
            .ResolveAsync(async ctx => await CreatePlanAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CompleteWeeklyPlanItemPayloadType>>("completeWeeklyPlanItem")
            .Authorize(Scopes.SalesWrite)
            .Description("Marks one item of a weekly plan done; done again changes nothing.")
            .Argument<NonNullGraphType<CompleteWeeklyPlanItemInputType>>("input")
            .ResolveAsync(async ctx => await CompleteItemAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CalibrateProcessBaselinePayloadType>>("calibrateProcessBaseline")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops: moves a region's process baseline (the goal of a process metric on the region's targets and those below it) from a date, with a reason; kept in an append-only history and told through onTargetCalibrated.")
            .Argument<NonNullGraphType<CalibrateProcessBaselineInputType>>("input")
            .ResolveAsync(async ctx => await CalibrateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<SetStrategicAccountPayloadType>>("setStrategicAccount")
            .Authorize(Scopes.SalesWrite)
            .Description("Puts an account on the strategic list, or takes it off (sales ops and admins); its signings count for STRATEGIC_SIGNINGS.")
            .Argument<NonNullGraphType<SetStrategicAccountInputType>>("input")
            .ResolveAsync(async ctx => await SetStrategicAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateTargetSettingsPayloadType>>("updateTargetSettings")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: what a quality opportunity is, and which stage judges the technical proposal.")
            .Argument<NonNullGraphType<UpdateTargetSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(Now);

    private static InvalidStateError WholeTenantOnly(string what) => new($"Only sales ops and admins {what}.");

    private async Task<MutationPayload<SalesTarget>> CreateTargetAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var periodKind = input.Get<TargetPeriodKind>("periodKind");
        var periodStart = input.Get<DateOnly>("periodStart");
        var periodEnd = TargetRules.PeriodEnd(periodKind, periodStart);
        if (periodEnd is null)
        {
            input.Invalid("periodStart", $"A {periodKind.ToString().ToLowerInvariant()} starts on the first day of a {periodKind.ToString().ToLowerInvariant()}.");
        }

        var overrideReason = input.OptionalText("overrideReason", ReasonMaxLength);
        var metrics = ReadMetrics(input);
        var resultWeight = input.Get<int?>("resultWeight") ?? TargetRules.DefaultResultWeight;
        var processWeight = input.Get<int?>("processWeight") ?? TargetRules.DefaultProcessWeight;
        input.Errors.AddRange(TargetRules.Judge(resultWeight, processWeight, metrics));

        var named = new[] { "regionId", "teamId", "memberId" }.Where(input.Has).Where(name => input.Get<string>(name) is not null).ToList();
        if (named.Count > 1)
        {
            input.Invalid(named[1], "Name at most one of regionId, teamId and memberId.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        // The node, as the caller sees the org (the org is the tenant's, not row-filtered).
        var kind = named.FirstOrDefault() switch
        {
            "regionId" => TargetNodeKind.Region,
            "teamId" => TargetNodeKind.Team,
            "memberId" => TargetNodeKind.Member,
            _ => TargetNodeKind.Company,
        };
        long? regionId = null, teamId = null, memberId = null;
        long? nodeRegion = null, nodeTeam = null;
        switch (kind)
        {
            case TargetNodeKind.Region:
                regionId = input.Id("regionId", "Region");
                if (regionId is null || !await db.Regions.AnyAsync(r => r.Id == regionId, ct))
                {
                    return input.NotFoundPayload("regionId");
                }

                break;
            case TargetNodeKind.Team:
                teamId = input.Id("teamId", "Team");
                var team = teamId is null ? null : await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);
                if (team is null)
                {
                    return input.NotFoundPayload("teamId");
                }

                nodeRegion = team.RegionId;
                break;
            case TargetNodeKind.Member:
                memberId = input.Id("memberId", "Member");
                var member = memberId is null ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
                if (member is null)
                {
                    return input.NotFoundPayload("memberId");
                }

                nodeTeam = member.TeamId;
                break;
        }

        // Allocation: a child sits one level below a parent the caller sees, in the same period.
        SalesTarget? parent = null;
        if (input.Get<string>("parentId") is not null)
        {
            var parentId = input.Id("parentId", "SalesTarget");
            parent = parentId is null ? null : await db.SalesTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == parentId, ct);
            if (parent is null)
            {
                return input.NotFoundPayload("parentId");
            }

            var fits = TargetRules.ChildKindOf(parent.NodeKind) == kind && parent.PeriodKind == periodKind && parent.PeriodStart == periodStart
                && kind switch
                {
                    TargetNodeKind.Team => nodeRegion == parent.RegionId,
                    TargetNodeKind.Member => nodeTeam == parent.TeamId,
                    _ => true,
                };
            if (!fits)
            {
                return MutationPayload.Failure(new ValidationError("input.parentId",
                    "A child target is for a node one level below its parent's (company → region → team → member), for the same period."));
            }
        }
        else if (actor.VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(WholeTenantOnly("set root targets; others allocate from a parent they see"));
        }

        if (periodEnd!.Value <= Today)
        {
            return MutationPayload.Failure(new ClosedPeriodError(periodEnd.Value));
        }

        // Overlap is judged across the whole tenant: a target the caller cannot see still occupies its node's period.
        var overlapping = await db.SalesTargets.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.TenantId == actor.TenantId && t.NodeKind == kind && t.RegionId == regionId && t.TeamId == teamId && t.MemberId == memberId
                && t.PeriodStart < periodEnd && periodStart < t.PeriodEnd)
            .FirstOrDefaultAsync(ct);
        if (overlapping is not null)
        {
            return MutationPayload.Failure(new OverlappingTargetError(overlapping.Id, overlapping.PeriodStart, overlapping.PeriodEnd));
        }

        if (parent is not null && overrideReason is null)
        {
            var parentMetrics = await db.TargetMetrics.AsNoTracking().Where(m => m.TargetId == parent.Id).ToListAsync(ct);
            // Siblings the caller cannot see still hold their share of the parent.
            var siblings = await db.SalesTargets.IgnoreQueryFilters().Where(t => t.TenantId == actor.TenantId && t.ParentId == parent.Id).Select(t => t.Id).ToListAsync(ct);
            var siblingMetrics = await db.TargetMetrics.AsNoTracking().Where(m => siblings.Contains(m.TargetId)).ToListAsync(ct);
            if (TargetRules.Overallocated(parentMetrics, siblingMetrics, metrics) is { } overallocated)
            {
                return MutationPayload.Failure(overallocated);
            }
        }

        var now = Now;
        var target = new SalesTarget
        {
            TenantId = actor.TenantId,
            NodeKind = kind,
            RegionId = regionId,
            TeamId = teamId,
            MemberId = memberId,
            ParentId = parent?.Id,
            PeriodKind = periodKind,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd.Value,
            ResultWeight = resultWeight,
            ProcessWeight = processWeight,
            AllocationOverrideReason = overrideReason,
            CreatedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SalesTargets.Add(target);
        await db.SaveChangesAsync(ct);
        db.TargetMetrics.AddRange(metrics.Select(m => new TargetMetric
        {
            TenantId = actor.TenantId,
            TargetId = target.Id,
            Kind = m.Kind,
            ProcessMetric = m.ProcessMetric,
            Goal = m.Goal,
            Weight = m.Weight,
            CapPercent = m.CapPercent,
            FloorPercent = m.FloorPercent,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return MutationPayload.Success(target);
    }

    private static List<TargetRules.MetricGoal> ReadMetrics(InputFields input)
    {
        var metrics = new List<TargetRules.MetricGoal>();
        foreach (var entry in input.List<Dictionary<string, object?>>("metrics") ?? [])
        {
            var metric = new InputFields(entry, input.PathOf("metrics"));
            metrics.Add(new TargetRules.MetricGoal(
                metric.Get<TargetMetricKind>("kind"),
                metric.Get<string>("processMetric"),
                metric.Get<decimal>("goal"),
                metric.Get<int>("weight"),
                metric.Get<int?>("capPercent") ?? TargetRules.DefaultCapPercent,
                metric.Get<int?>("floorPercent") ?? 0));
        }

        return metrics;
    }

    private async Task<MutationPayload<WeeklyPlan>> CreatePlanAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var targetId = input.Id("targetId", "SalesTarget");
        var target = targetId is null ? null : await db.SalesTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == targetId && t.NodeKind == TargetNodeKind.Member, ct);
        if (target is null)
        {
            return input.NotFoundPayload("targetId");
        }

        var weekStart = input.Get<DateOnly>("weekStart");
        if (weekStart.DayOfWeek != DayOfWeek.Monday || weekStart.AddDays(6) < target.PeriodStart || weekStart >= target.PeriodEnd)
        {
            input.Invalid("weekStart", "A week starts on a Monday and overlaps the target's period.");
        }

        var items = input.List<Dictionary<string, object?>>("items") ?? [];
        if (items.Count is 0 or > 50)
        {
            input.Invalid("items", "A plan has 1 to 50 items.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (target.IsClosed(Today))
        {
            return MutationPayload.Failure(new ClosedPeriodError(target.PeriodEnd));
        }

        var rep = target.MemberId!.Value;
        var planned = new List<WeeklyPlanItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = new InputFields(items[i], $"{input.PathOf("items")}[{i}]");
            var keyAction = item.RequiredText("keyAction", 300);
            long? accountId = null, opportunityId = null;
            if (item.Get<string>("accountId") is not null)
            {
                accountId = item.Id("accountId", "Account");
                // Another tenant's account, or one the caller cannot see, reads as missing; a visible one of another rep is refused by name.
                var owner = accountId is null ? null : await db.Accounts.Where(a => a.Id == accountId).Select(a => new { a.OwnerId }).FirstOrDefaultAsync(ct);
                if (owner is null)
                {
                    item.NotFound("accountId");
                }
                else if (owner.OwnerId != rep)
                {
                    item.Errors.Add(new NotTheRepsRecordError(item.PathOf("accountId")));
                }
            }

            if (item.Get<string>("opportunityId") is not null)
            {
                opportunityId = item.Id("opportunityId", "Opportunity");
                var owner = opportunityId is null ? null : await db.Opportunities.Where(o => o.Id == opportunityId).Select(o => new { o.OwnerId }).FirstOrDefaultAsync(ct);
                if (owner is null)
                {
                    item.NotFound("opportunityId");
                }
                else if (owner.OwnerId != rep)
                {
                    item.Errors.Add(new NotTheRepsRecordError(item.PathOf("opportunityId")));
                }
            }

            input.Errors.AddRange(item.Errors);
            planned.Add(new WeeklyPlanItem { TenantId = target.TenantId, AccountId = accountId, OpportunityId = opportunityId, KeyAction = keyAction ?? string.Empty });
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var plan = new WeeklyPlan { TenantId = target.TenantId, TargetId = target.Id, MemberId = rep, WeekStart = weekStart, CreatedAt = Now };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.WeeklyPlans.Add(plan);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("weekStart"), weekStart.ToString("yyyy-MM-dd"), "The rep already has a plan for that week."));
        }

        foreach (var item in planned)
        {
            db.WeeklyPlanItems.Add(new WeeklyPlanItem { TenantId = item.TenantId, PlanId = plan.Id, AccountId = item.AccountId, OpportunityId = item.OpportunityId, KeyAction = item.KeyAction });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return MutationPayload.Success(plan);
    }

    private async Task<MutationPayload<WeeklyPlan>> CompleteItemAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var planId = input.Id("planId", "WeeklyPlan");
        var plan = planId is null ? null : await db.WeeklyPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null)
        {
            return input.NotFoundPayload("planId");
        }

        var itemId = input.Id("itemId", "WeeklyPlanItem");
        var item = itemId is null ? null : await db.WeeklyPlanItems.FirstOrDefaultAsync(i => i.Id == itemId && i.PlanId == plan.Id, ct);
        if (item is null)
        {
            return input.NotFoundPayload("itemId");
        }

        item.MarkDone(Now);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(plan);
    }

    private async Task<MutationPayload<TargetCalibration>> CalibrateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        if (actor.VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(WholeTenantOnly("calibrate baselines"));
        }

        var kind = input.Get<TargetMetricKind>("metricKind");
        var processMetric = input.Get<string>("processMetric");
        var goal = input.Get<decimal>("goal");
        var reasonText = input.RequiredText("reasonText", 1000);
        var effectiveFrom = input.Get<DateOnly>("effectiveFrom");
        if (TargetMetricKinds.TrackOf(kind) != TargetTrack.Process)
        {
            input.Invalid("metricKind", "Only process baselines are calibrated; result goals are allocated.");
        }

        input.Errors.AddRange(TargetRules.JudgeGoal(kind, processMetric, goal, "input"));
        var regionId = input.Id("regionId", "Region");
        var region = regionId is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == regionId, ct);
        if (region is null)
        {
            input.NotFound("regionId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        // A month that has ended is closed: a calibration takes effect in the current month or later.
        var currentMonth = new DateOnly(Today.Year, Today.Month, 1);
        if (effectiveFrom < currentMonth)
        {
            return MutationPayload.Failure(new ClosedPeriodError(new DateOnly(effectiveFrom.Year, effectiveFrom.Month, 1).AddMonths(1)));
        }

        // The region's targets and those below it whose period runs on the effective date or later.
        var underRegion = db.SalesTargets.Where(t => t.PeriodEnd > effectiveFrom
            && (t.RegionId == region!.Id
                || db.Teams.Any(team => team.Id == t.TeamId && team.RegionId == region.Id)
                || db.Members.Any(m => m.Id == t.MemberId && (m.RegionId == region.Id || db.Teams.Any(team => team.Id == m.TeamId && team.RegionId == region.Id)))));
        var targets = await underRegion.AsNoTracking().ToListAsync(ct);
        if (targets.Where(t => t.IsClosed(Today)).OrderBy(t => t.PeriodEnd).FirstOrDefault() is { } closed)
        {
            return MutationPayload.Failure(new ClosedPeriodError(closed.PeriodEnd));
        }

        var targetIds = targets.Select(t => t.Id).ToList();
        var metrics = await db.TargetMetrics.Where(m => targetIds.Contains(m.TargetId) && m.Kind == kind && m.ProcessMetric == processMetric).ToListAsync(ct);
        var regionTargetIds = targets.Where(t => t.NodeKind == TargetNodeKind.Region).OrderBy(t => t.PeriodStart).Select(t => t.Id).ToList();
        var before = metrics.Where(m => regionTargetIds.Contains(m.TargetId)).OrderBy(m => regionTargetIds.IndexOf(m.TargetId)).Select(m => (decimal?)m.Goal).FirstOrDefault();
        foreach (var metric in metrics)
        {
            metric.Calibrate(goal);
        }

        var calibration = new TargetCalibration
        {
            TenantId = actor.TenantId,
            RegionId = region!.Id,
            MetricKind = kind,
            ProcessMetric = processMetric,
            Before = before,
            After = goal,
            Reason = input.Get<CalibrationReason>("reason"),
            ReasonText = reasonText!,
            EffectiveFrom = effectiveFrom,
            AffectedMetrics = metrics.Count,
            CalibratedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            CalibratedBy = actor.Describe(),
            CalibratedAt = Now,
        };
        db.TargetCalibrations.Add(calibration);
        var affectedTargets = metrics.Select(m => m.TargetId).ToHashSet();
        var affectedMembers = targets.Where(t => affectedTargets.Contains(t.Id) && t.MemberId is not null).Select(t => t.MemberId!.Value).Distinct().ToList();
        // Built at the save: the calibration has its key by then.
        db.Journal(() => new TargetCalibrated(actor.TenantId, calibration.Id, region.Id, region.ManagerId, affectedMembers,
            kind, processMetric, before, goal, calibration.Reason, calibration.ReasonText, effectiveFrom, calibration.CalibratedAt));
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(calibration);
    }

    private async Task<MutationPayload<Account>> SetStrategicAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var accountId = input.Id("accountId", "Account");
        var account = accountId is null ? null : await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return input.NotFoundPayload("accountId");
        }

        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(WholeTenantOnly("keep the strategic list"));
        }

        var existing = await db.StrategicAccounts.FirstOrDefaultAsync(s => s.AccountId == account.Id, ct);
        if (input.Get<bool>("strategic") && existing is null)
        {
            db.StrategicAccounts.Add(new StrategicAccount { TenantId = account.TenantId, AccountId = account.Id, AddedAt = Now });
        }
        else if (!input.Get<bool>("strategic") && existing is not null)
        {
            db.StrategicAccounts.Remove(existing);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Marked by a concurrent request: the list already holds it.
        }

        return MutationPayload.Success(account);
    }

    private async Task<MutationPayload<TargetSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(WholeTenantOnly("change the target settings"));
        }

        await using var db = ctx.Database();
        var settings = await db.TargetSettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new TargetSettings { TenantId = ctx.TenantId() };
            db.TargetSettings.Add(settings);
        }

        if (input.Get<decimal?>("qualityOpportunityMinAmount") is { } minAmount)
        {
            if (minAmount < 0)
            {
                input.Invalid("qualityOpportunityMinAmount", "Not negative.");
            }

            settings.QualityOpportunityMinAmount = minAmount;
        }

        if (input.Get<int?>("qualityOpportunityMinProbability") is { } minProbability)
        {
            if (minProbability is < 0 or > 100)
            {
                input.Invalid("qualityOpportunityMinProbability", "0 to 100.");
            }

            settings.QualityOpportunityMinProbability = minProbability;
        }

        if (input.Has("proposalStageCode") && input.RequiredText("proposalStageCode", 64) is { } stageCode)
        {
            settings.ProposalStageCode = stageCode;
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        settings.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(settings);
    }
}
