using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Routing configuration (rules, default queue, scripts) and the moves people make on a lead.</summary>
public sealed class LeadRoutingMutations(TimeProvider clock) : IMutationFields
{
    private static readonly MemberRole[] Dispatchers = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateAssignmentRulePayloadType>>("createAssignmentRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a lead routing rule.")
            .Argument<NonNullGraphType<CreateAssignmentRuleInputType>>("input")
            .ResolveAsync(async ctx => await CreateRuleAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateAssignmentRulePayloadType>>("updateAssignmentRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes a routing rule in place; fields left out stay as they are. Leads already assigned keep their owners.")
            .Argument<NonNullGraphType<UpdateAssignmentRuleInputType>>("input")
            .ResolveAsync(async ctx => await UpdateRuleAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<DeleteAssignmentRulePayloadType>>("deleteAssignmentRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Removes a routing rule; leads it assigned keep their owners.")
            .Argument<NonNullGraphType<DeleteAssignmentRuleInputType>>("input")
            .ResolveAsync(async ctx => await DeleteRuleAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateLeadRoutingSettingsPayloadType>>("updateLeadRoutingSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Sets the tenant's routing defaults.")
            .Argument<NonNullGraphType<UpdateLeadRoutingSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateScriptTemplatePayloadType>>("createScriptTemplate")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a first-call script template.")
            .Argument<NonNullGraphType<CreateScriptTemplateInputType>>("input")
            .ResolveAsync(async ctx => await CreateTemplateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ReassignLeadPayloadType>>("reassignLead")
            .Authorize(Scopes.SalesWrite, Dispatchers)
            .Description("Gives a lead to another owner, with the reason kept in its history.")
            .Argument<NonNullGraphType<ReassignLeadInputType>>("input")
            .ResolveAsync(async ctx => await ReassignAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RecordFirstResponsePayloadType>>("recordFirstResponse")
            .Authorize(Scopes.SalesWrite)
            .Description("Records the owner's first call on a lead; this meets the first-response deadline.")
            .Argument<NonNullGraphType<RecordFirstResponseInputType>>("input")
            .ResolveAsync(async ctx => await RecordFirstResponseAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<AssignmentRule>> CreateRuleAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var rule = new AssignmentRule { TenantId = ctx.Actor().TenantId, Name = string.Empty, CreatedAt = Now };
        if (!await ApplyRuleInputAsync(db, input, rule, ctx.CancellationToken))
        {
            return MutationPayload.Failure(input.Errors);
        }

        db.AssignmentRules.Add(rule);
        return await SaveRuleAsync(db, rule, ctx.CancellationToken);
    }

    private static async Task<MutationPayload<AssignmentRule>> UpdateRuleAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "AssignmentRule");
        var rule = id is null ? null : await db.AssignmentRules.FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
        if (rule is null)
        {
            return input.NotFoundPayload("id");
        }

        if (!await ApplyRuleInputAsync(db, input, rule, ctx.CancellationToken))
        {
            return MutationPayload.Failure(input.Errors);
        }

        return await SaveRuleAsync(db, rule, ctx.CancellationToken);
    }

    private static async Task<MutationPayload<AssignmentRule>> SaveRuleAsync(SalesDbContext db, AssignmentRule rule, CancellationToken ct)
    {
        if (rule.TeamId is { } cursorTeam)
        {
            await LeadAssigner.EnsureCursorAsync(db, rule.TenantId, cursorTeam, ct);
        }

        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(rule);
    }

    /// <summary>
    /// Checks the rule as it will be after <paramref name="input"/> and writes it onto <paramref name="rule"/>. A field
    /// left out keeps the rule's value, so a create (whose required fields are all present) and an update in place
    /// share every check: an update that only changes the strategy is refused when the rule's team cannot serve it.
    /// </summary>
    private static async Task<bool> ApplyRuleInputAsync(SalesDbContext db, InputFields input, AssignmentRule rule, CancellationToken ct)
    {
        var name = input.Has("name") ? input.RequiredText("name", 100) : rule.Name;
        var strategy = input.Has("strategy") ? input.Get<AssignmentStrategy>("strategy") : rule.Strategy;
        var productCodes = rule.ProductCodes;
        if (input.Has("productCodes"))
        {
            productCodes = LeadRules.NormalizeProductCodes(input.List<string>("productCodes") ?? []);
            var known = productCodes.Count > 0 ? await LeadRules.ProductCodesAsync(db, ct) : [];
            input.Errors.AddRange(productCodes.Where(p => !known.Contains(p)).Select(p => new UnknownCodeError(input.PathOf("productCodes"), p)));
        }

        var teamId = input.Has("teamId") ? input.Id("teamId", "Team") : rule.TeamId;
        if (teamId is not null && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            input.NotFound("teamId");
            teamId = null;
        }
        else if (teamId is null && strategy != AssignmentStrategy.NamedMember && input.IsValid)
        {
            input.Invalid("teamId", $"A {strategy} rule needs a team.");
        }

        var memberId = input.Has("memberId") ? input.Id("memberId", "Member") : strategy == AssignmentStrategy.NamedMember ? rule.MemberId : null;
        var member = memberId is null ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active, ct);
        if (memberId is not null && member is null)
        {
            input.NotFound("memberId");
        }
        else if (strategy == AssignmentStrategy.NamedMember && member is null && input.IsValid)
        {
            input.Invalid("memberId", "A NAMED_MEMBER rule needs a member.");
        }
        else if (member is not null && strategy != AssignmentStrategy.NamedMember)
        {
            input.Invalid("memberId", $"A {strategy} rule picks its own member; leave `memberId` out.");
        }
        else if (member is not null && teamId is not null && member.TeamId != teamId)
        {
            input.Invalid("memberId", $"{member.Name} is not a member of the rule's team.");
        }

        var territories = strategy == AssignmentStrategy.Territory && !input.Has("territories") ? rule.Territories : [];
        foreach (var (territory, index) in (input.List<Dictionary<string, object?>>("territories") ?? []).Select((t, i) => (t, i)))
        {
            var field = $"territories[{index}]";
            var province = (territory.GetValueOrDefault("province") as string)?.Trim() ?? string.Empty;
            var ownerKey = HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(territory.GetValueOrDefault("memberId") as string ?? string.Empty, "Member");
            var owner = ownerKey is null ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == ownerKey && m.Active, ct);
            if (province.Length is 0 or > LeadRules.ProvinceMaxLength || territories.Any(t => t.Province == province))
            {
                input.Invalid(field, $"Each territory needs a distinct province of at most {LeadRules.ProvinceMaxLength} characters.");
            }
            else if (owner is null)
            {
                input.Errors.Add(new NotFoundError(input.PathOf(field + ".memberId"), territory.GetValueOrDefault("memberId") as string ?? string.Empty));
            }
            else if (owner.TeamId != teamId)
            {
                input.Invalid(field, $"{owner.Name} is not a member of the rule's team.");
            }
            else
            {
                territories.Add(new TerritoryOwner { Province = province, MemberId = owner.Id });
            }
        }

        if (strategy == AssignmentStrategy.Territory && territories.Count == 0 && input.IsValid)
        {
            input.Invalid("territories", "A TERRITORY rule needs at least one province owner.");
        }
        else if (strategy != AssignmentStrategy.Territory && input.List<object>("territories") is { Count: > 0 })
        {
            input.Invalid("territories", "Only a TERRITORY rule has territories.");
        }

        var firstResponseMinutes = input.Has("firstResponseDeadlineMinutes") ? Minutes(input, "firstResponseDeadlineMinutes") : rule.FirstResponseDeadlineMinutes;
        if (!input.IsValid)
        {
            return false;
        }

        rule.Name = name!;
        rule.Position = input.Has("position") ? input.Get<int>("position") : rule.Position;
        rule.Active = input.Has("active") ? input.Get<bool>("active") : rule.Active;
        rule.Industries = input.Has("industries") ? input.List<Industry>("industries") ?? [] : rule.Industries;
        rule.Provinces = input.Has("provinces") ? (input.List<string>("provinces") ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList() : rule.Provinces;
        rule.Sources = input.Has("sources") ? input.List<LeadSource>("sources") ?? [] : rule.Sources;
        rule.ProductCodes = productCodes;
        rule.Sizes = input.Has("sizes") ? input.List<CompanySize>("sizes") ?? [] : rule.Sizes;
        rule.Strategy = strategy;
        rule.TeamId = teamId ?? member?.TeamId;
        rule.MemberId = member?.Id;
        rule.Territories = territories;
        rule.FirstResponseDeadlineMinutes = firstResponseMinutes;
        rule.ReassignOnFirstResponseBreach = input.Has("reassignOnFirstResponseBreach") ? input.Get<bool?>("reassignOnFirstResponseBreach") : rule.ReassignOnFirstResponseBreach;
        return true;
    }

    private static async Task<MutationPayload<AssignmentRule>> DeleteRuleAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "AssignmentRule");
        var rule = id is null ? null : await db.AssignmentRules.FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
        if (rule is null)
        {
            if (input.IsValid)
            {
                input.NotFound("id");
            }

            return MutationPayload.Failure(input.Errors);
        }

        db.AssignmentRules.Remove(rule);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(rule);
    }

    private async Task<MutationPayload<LeadRoutingSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var settings = await db.LeadRoutingSettings.FirstOrDefaultAsync(ctx.CancellationToken)
            ?? db.LeadRoutingSettings.Add(new LeadRoutingSettings { TenantId = ctx.Actor().TenantId }).Entity;
        if (input.Has("defaultQueueTeamId"))
        {
            var teamId = input.Id("defaultQueueTeamId", "Team");
            if (teamId is not null && !await db.Teams.AnyAsync(t => t.Id == teamId, ctx.CancellationToken))
            {
                input.NotFound("defaultQueueTeamId");
            }

            settings.DefaultQueueTeamId = teamId;
        }

        settings.AssignmentDeadlineMinutes = Minutes(input, "assignmentDeadlineMinutes") ?? settings.AssignmentDeadlineMinutes;
        settings.FirstResponseDeadlineMinutes = Minutes(input, "firstResponseDeadlineMinutes") ?? settings.FirstResponseDeadlineMinutes;
        settings.EscalationStepMinutes = Minutes(input, "escalationStepMinutes") ?? settings.EscalationStepMinutes;
        settings.ReassignOnFirstResponseBreach = input.Get<bool?>("reassignOnFirstResponseBreach") ?? settings.ReassignOnFirstResponseBreach;
        if (input.Has("escalationChain"))
        {
            var chain = input.List<EscalationLevel>("escalationChain") ?? [];
            if (chain.Count == 0)
            {
                input.Invalid("escalationChain", "The escalation chain needs at least one level.");
            }
            else if (chain.Distinct().Count() != chain.Count)
            {
                input.Invalid("escalationChain", $"The escalation chain visits {string.Join(", ", chain.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key))} twice: it would cycle.");
            }

            settings.EscalationChain = chain;
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        settings.UpdatedAt = Now;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(settings);
    }

    /// <summary>A deadline in working minutes: at least one, at most a working month.</summary>
    internal static int? Minutes(InputFields input, string name)
    {
        if (input.Get<int?>(name) is not { } minutes)
        {
            return null;
        }

        if (minutes is < 1 or > 10_080)
        {
            input.Invalid(name, $"`{name}` must be between 1 and 10080 working minutes.");
            return null;
        }

        return minutes;
    }

    private async Task<MutationPayload<ScriptTemplate>> CreateTemplateAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var name = input.RequiredText("name", 100);
        var body = input.RequiredText("body", 4000);
        if (body is not null && FirstCallScripts.UnknownVariables(body) is { Count: > 0 } unknown)
        {
            input.Errors.AddRange(unknown.Select(v => new UnknownCodeError(input.PathOf("body"), "{{" + v + "}}")));
        }

        var productCode = input.OptionalText("productCode", 32)?.ToUpperInvariant();
        if (productCode is not null && !(await LeadRules.ProductCodesAsync(db, ctx.CancellationToken)).Contains(productCode))
        {
            input.Errors.Add(new UnknownCodeError(input.PathOf("productCode"), productCode));
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var template = db.ScriptTemplates.Add(new ScriptTemplate
        {
            TenantId = ctx.Actor().TenantId,
            Name = name!,
            Industry = input.Get<Industry?>("industry"),
            ProductCode = productCode,
            Body = body!,
            CreatedAt = Now,
        }).Entity;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(template);
    }

    private async Task<MutationPayload<Lead>> ReassignAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var ct = ctx.CancellationToken;
        var leadId = input.Id("leadId", "Lead");
        var lead = leadId is null ? null : await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null && input.IsValid)
        {
            input.NotFound("leadId");
        }

        var ownerId = input.Id("ownerId", "Member");
        var owner = ownerId is null ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == ownerId && m.Active, ct);
        if (owner is null && ownerId is not null)
        {
            input.NotFound("ownerId");
        }
        else if (owner is not null && owner.Role is not (MemberRole.Rep or MemberRole.TeamLead))
        {
            input.Invalid("ownerId", $"Leads are owned by reps and team leads, not by a {owner.Role}.");
        }

        var reason = input.RequiredText("reason", 500);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (LeadReassignment.Refusal(lead!, owner!) is { } refusal)
        {
            return MutationPayload.Failure(refusal);
        }

        await LeadReassignment.ReassignAsync(db, lead!, owner!.Id, owner.TeamId, Now, ctx.Actor().MemberId, reason!, ct);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(lead!);
    }

    private async Task<MutationPayload<Lead>> RecordFirstResponseAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var leadId = input.Id("leadId", "Lead");
        var lead = leadId is null ? null : await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, ctx.CancellationToken);
        if (lead is null && input.IsValid)
        {
            input.NotFound("leadId");
        }

        var note = input.OptionalText("note", 500);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var actor = ctx.Actor();
        if (lead!.OwnerId is null)
        {
            return MutationPayload.Failure(new InvalidStateError("The lead has no owner yet; assign it first."));
        }

        if (actor.Kind == ActorKind.Member && actor.MemberId != lead.OwnerId)
        {
            return MutationPayload.Failure(new InvalidStateError("Only the lead's owner records its first response."));
        }

        if (lead.FirstRespondedAt is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("The first response was already recorded."));
        }

        var now = Now;
        var outcome = input.Get<FirstResponseOutcome>("outcome");
        await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        // The guard against a second record, also when two arrive at once: only one sets the time.
        var claimed = await db.Leads.Where(l => l.Id == lead.Id && l.FirstRespondedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.FirstRespondedAt, now), ctx.CancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return MutationPayload.Failure(new InvalidStateError("The first response was already recorded."));
        }

        lead.RecordFirstResponse(outcome, now);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, LeadHistoryKind.FirstResponse, now, actor.MemberId, note is null ? outcome.ToString() : $"{outcome}: {note}"));
        db.Journal(new LeadFirstResponseRecorded(lead.TenantId, lead.Id, lead.OwnerId.Value, lead.TeamId, outcome, now));
        await db.SaveChangesAsync(ctx.CancellationToken);
        await transaction.CommitAsync(ctx.CancellationToken);
        return MutationPayload.Success(lead);
    }
}
