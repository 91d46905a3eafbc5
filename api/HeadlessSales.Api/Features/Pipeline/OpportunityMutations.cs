using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>Making opportunities (from a lead, or for an account) and moving them through their pipeline's stages.</summary>
public sealed class OpportunityMutations(TimeProvider clock, StageGateChecker gates) : IMutationFields
{
    private static readonly InvalidStateError MovedMeanwhile = new("The opportunity changed stage meanwhile; reload it and try again.");

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ConvertLeadPayloadType>>("convertLead")
            .Authorize(Scopes.SalesWrite)
            .Description("Turns a lead into an account (or attaches it to an existing one), a contact and an opportunity in the first stage of a pipeline. A lead converts once.")
            .Argument<NonNullGraphType<ConvertLeadInputType>>("input")
            .ResolveAsync(async ctx => await ConvertLeadAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateOpportunityPayloadType>>("createOpportunity")
            .Authorize(Scopes.SalesWrite)
            .Description("Opens an opportunity with an existing account, in the first stage of a pipeline.")
            .Argument<NonNullGraphType<CreateOpportunityInputType>>("input")
            .ResolveAsync(async ctx => await CreateOpportunityAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateOpportunityPayloadType>>("updateOpportunity")
            .Authorize(Scopes.SalesWrite)
            .Description("Changes an opportunity's name, contact, amount, expected close date or probability.")
            .Argument<NonNullGraphType<UpdateOpportunityInputType>>("input")
            .ResolveAsync(async ctx => await UpdateOpportunityAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<AdvanceOpportunityPayloadType>>("advanceOpportunity")
            .Authorize(Scopes.SalesWrite)
            .Description("Moves an opportunity to the next stage of its pipeline when that stage's gate is met; otherwise `StageGateNotMetError` lists every missing document kind, field and approval.")
            .Argument<NonNullGraphType<AdvanceOpportunityInputType>>("input")
            .ResolveAsync(async ctx => await AdvanceAsync(ctx, ctx.GetInput(), overrideReason: null));

        mutation.Field<NonNullGraphType<ForceAdvanceOpportunityPayloadType>>("forceAdvanceOpportunity")
            .Authorize(Scopes.SalesWrite, MemberRole.Admin)
            .Description("An admin moves an opportunity to the next stage although its gate is not met. The reason and what was missing are kept in the stage history (kind OVERRIDDEN), and the audit log records the override.")
            .Argument<NonNullGraphType<ForceAdvanceOpportunityInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var reason = input.RequiredText("reason", PipelineRules.ReasonMaxLength);
                return reason is null ? MutationPayload.Failure(input.Errors) : await AdvanceAsync(ctx, input, reason);
            });

        mutation.Field<NonNullGraphType<MoveOpportunityBackPayloadType>>("moveOpportunityBack")
            .Authorize(Scopes.SalesWrite)
            .Description("Moves an opportunity back to an earlier stage, with the reason kept in its stage history.")
            .Argument<NonNullGraphType<MoveOpportunityBackInputType>>("input")
            .ResolveAsync(async ctx => await MoveBackAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<ConvertedLead>> ConvertLeadAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var leadId = input.Id("leadId", "Lead");
        var lead = leadId is null ? null : await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, ctx.CancellationToken);
        if (lead is null)
        {
            return input.NotFoundPayload("leadId");
        }

        if (lead.Status == LeadStatus.Converted)
        {
            return MutationPayload.Failure(new LeadAlreadyConvertedError(lead.ConvertedOpportunityId));
        }

        if (lead.Status == LeadStatus.Disqualified)
        {
            return MutationPayload.Failure(new InvalidStateError("A disqualified lead cannot be converted."));
        }

        var ownerId = lead.OwnerId ?? actor.MemberId;
        if (ownerId is null)
        {
            input.Invalid("leadId", "The lead has no owner to keep; assign it before converting it.");
        }

        Account? account = null;
        if (input.Get<string>("accountId") is not null)
        {
            var accountId = input.Id("accountId", "Account");
            account = accountId is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ctx.CancellationToken);
            if (account is null && input.IsValid)
            {
                input.NotFound("accountId");
            }
            else if (account is { Archived: true })
            {
                input.Invalid("accountId", "An archived account takes no new opportunities.");
            }
        }

        var accountName = input.Has("accountName") ? input.RequiredText("accountName", 200) : (lead.Company ?? lead.Name);
        var opportunityName = input.OptionalText("opportunityName", 200);
        var amount = input.Amount("amount");
        var pipeline = await ReadPipelineAsync(db, input, ctx.CancellationToken);
        if (!input.IsValid || pipeline is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var now = Now;
        var duplicateName = new DuplicateError(input.PathOf("accountName"), accountName!, $"An account named '{accountName}' already exists; pass its id as accountId to attach the lead to it.");
        await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        // The guard against a second conversion, also when two arrive at once: only one flips the status.
        var claimed = await db.Leads.Where(l => l.Id == lead.Id && l.Status != LeadStatus.Converted)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LeadStatus.Converted), ctx.CancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var converted = await db.Leads.AsNoTracking().Where(l => l.Id == lead.Id).Select(l => l.ConvertedOpportunityId).FirstOrDefaultAsync(ctx.CancellationToken);
            return MutationPayload.Failure(new LeadAlreadyConvertedError(converted));
        }

        // Checked after the claim: a conversion that lost the race learns that, not that its own winner's new account
        // now holds the name.
        if (account is null && await db.Accounts.IgnoreQueryFilters().AnyAsync(a => a.TenantId == lead.TenantId && a.Name == accountName, ctx.CancellationToken))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return MutationPayload.Failure(duplicateName);
        }

        if (account is null)
        {
            account = db.Accounts.Add(new Account
            {
                TenantId = lead.TenantId,
                Name = accountName!,
                Industry = lead.Industry,
                Ownership = input.Get<OwnershipType?>("ownership") ?? OwnershipType.Private,
                Size = input.Get<CompanySize?>("size") ?? lead.EstimatedSize ?? CompanySize.Small,
                Province = lead.Province,
                OwnerId = ownerId,
                CreatedAt = now,
                UpdatedAt = now,
            }).Entity;
            try
            {
                await db.SaveChangesAsync(ctx.CancellationToken);
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return MutationPayload.Failure(duplicateName);
            }
        }

        var contact = await FindContactAsync(db, account.Id, lead, ctx.CancellationToken)
            ?? db.Contacts.Add(new Contact
            {
                TenantId = lead.TenantId,
                AccountId = account.Id,
                Name = lead.Name,
                Phone = lead.Phone,
                Email = lead.Email,
                DecisionRole = input.Get<DecisionRole?>("contactDecisionRole") ?? DecisionRole.Influencer,
                CreatedAt = now,
                UpdatedAt = now,
            }).Entity;
        await db.SaveChangesAsync(ctx.CancellationToken);

        var opportunity = await OpenAsync(db, pipeline, new Opportunity
        {
            TenantId = lead.TenantId,
            Name = opportunityName ?? $"{account.Name} 商机",
            AccountId = account.Id,
            ContactId = contact.Id,
            OwnerId = ownerId!.Value,
            PipelineId = pipeline.Id,
            Amount = amount?.Amount,
            AmountCurrency = amount?.Currency,
            ExpectedCloseDate = input.Get<DateOnly?>("expectedCloseDate"),
            CreatedAt = now,
        }, actor, now, ctx.CancellationToken);

        lead.MarkConverted(account.Id, contact.Id, opportunity.Id, now);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, LeadHistoryKind.Converted, now, actor.MemberId, $"Account {account.Id}, contact {contact.Id}, opportunity {opportunity.Id}."));
        await db.SaveChangesAsync(ctx.CancellationToken);
        await transaction.CommitAsync(ctx.CancellationToken);
        return MutationPayload.Success(new ConvertedLead(lead, account, contact, opportunity));
    }

    /// <summary>The account's contact with the lead's email or phone, so that a person already known is not added twice.</summary>
    private static async Task<Contact?> FindContactAsync(SalesDbContext db, long accountId, Lead lead, CancellationToken cancellationToken) =>
        lead.Email is null && lead.Phone is null
            ? null
            : await db.Contacts.IgnoreQueryFilters()
                .Where(c => c.TenantId == lead.TenantId && c.AccountId == accountId && ((lead.Email != null && c.Email == lead.Email) || (lead.Phone != null && c.Phone == lead.Phone)))
                .OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<MutationPayload<Opportunity>> CreateOpportunityAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var accountId = input.Id("accountId", "Account");
        var account = accountId is null ? null : await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ctx.CancellationToken);
        if (account is null)
        {
            return input.NotFoundPayload("accountId");
        }

        if (account.Archived)
        {
            return MutationPayload.Failure(new InvalidStateError("An archived account takes no new opportunities."));
        }

        var name = input.RequiredText("name", 200);
        var contactId = await ReadContactAsync(db, input, account.Id, ctx.CancellationToken);
        var ownerId = actor.MemberId ?? account.OwnerId;
        if (input.Get<string>("ownerId") is not null)
        {
            ownerId = input.Id("ownerId", "Member");
            if (ownerId is not null && !await db.Members.AnyAsync(m => m.Id == ownerId && m.Active, ctx.CancellationToken))
            {
                input.NotFound("ownerId");
            }
        }
        else if (ownerId is null)
        {
            input.Invalid("ownerId", "The account has no owner; name the opportunity's owner.");
        }

        var amount = input.Amount("amount");
        var pipeline = await ReadPipelineAsync(db, input, ctx.CancellationToken);
        var customFields = await CustomFieldInputs.CheckAsync(db, CustomFieldEntity.Opportunity, input, creating: true, ctx.CancellationToken);
        if (!input.IsValid || pipeline is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var now = Now;
        await using var transaction = customFields.Count > 0 ? await db.Database.BeginTransactionAsync(ctx.CancellationToken) : null;
        var opportunity = await OpenAsync(db, pipeline, new Opportunity
        {
            TenantId = account.TenantId,
            Name = name!,
            AccountId = account.Id,
            ContactId = contactId,
            OwnerId = ownerId!.Value,
            PipelineId = pipeline.Id,
            Amount = amount?.Amount,
            AmountCurrency = amount?.Currency,
            ExpectedCloseDate = input.Get<DateOnly?>("expectedCloseDate"),
            CreatedAt = now,
        }, actor, now, ctx.CancellationToken);
        if (transaction is not null)
        {
            await CustomFieldStore.StageAsync(db, CustomFieldEntity.Opportunity, opportunity.Id, customFields, now, ctx.CancellationToken);
            await db.SaveChangesAsync(ctx.CancellationToken);
            await transaction.CommitAsync(ctx.CancellationToken);
        }
        return MutationPayload.Success(opportunity);
    }

    /// <summary>Stores a new opportunity in the first stage of <paramref name="pipeline"/>, with the first entry of its stage history.</summary>
    private static async Task<Opportunity> OpenAsync(SalesDbContext db, SalesPipeline pipeline, Opportunity opportunity, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var first = await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).FirstAsync(cancellationToken);
        opportunity.EnterStage(first, now);
        db.Opportunities.Add(opportunity);
        await db.SaveChangesAsync(cancellationToken);
        db.OpportunityStageEntries.Add(new OpportunityStageEntry
        {
            TenantId = opportunity.TenantId,
            OpportunityId = opportunity.Id,
            StageId = first.Id,
            Kind = StageEntryKind.Created,
            ActorMemberId = actor.MemberId,
            EnteredAt = now,
        });
        db.Journal(new OpportunityStageChanged(opportunity.TenantId, opportunity.Id, opportunity.OwnerId, null, opportunity.StageId, StageEntryKind.Created, now));
        await db.SaveChangesAsync(cancellationToken);
        return opportunity;
    }

    /// <summary>The pipeline named by <c>pipelineId</c>, or the tenant's default (made on first use).</summary>
    private async Task<SalesPipeline?> ReadPipelineAsync(SalesDbContext db, InputFields input, CancellationToken cancellationToken)
    {
        if (input.Get<string>("pipelineId") is null)
        {
            return input.IsValid ? await DefaultPipeline.EnsureAsync(db, db.CurrentTenantId, Now, cancellationToken) : null;
        }

        var pipelineId = input.Id("pipelineId", "SalesPipeline");
        var pipeline = pipelineId is null ? null : await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pipelineId, cancellationToken);
        if (pipeline is null && input.IsValid)
        {
            input.NotFound("pipelineId");
        }

        return pipeline;
    }

    private static async Task<long?> ReadContactAsync(SalesDbContext db, InputFields input, long accountId, CancellationToken cancellationToken)
    {
        if (input.Get<string>("contactId") is null)
        {
            return null;
        }

        var contactId = input.Id("contactId", "Contact");
        if (contactId is not null && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.AccountId == accountId, cancellationToken))
        {
            input.Invalid("contactId", "The contact is not one of the opportunity's account.");
        }

        return contactId;
    }

    private async Task<MutationPayload<Opportunity>> UpdateOpportunityAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "Opportunity");
        var opportunity = id is null ? null : await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ctx.CancellationToken);
        if (opportunity is null)
        {
            return input.NotFoundPayload("id");
        }

        var name = input.Has("name") ? input.RequiredText("name", 200) : opportunity.Name;
        var contactId = input.Has("contactId") ? await ReadContactAsync(db, input, opportunity.AccountId, ctx.CancellationToken) : opportunity.ContactId;
        var amount = input.Amount("amount");
        var probability = input.Probability("probability");
        if (input.Has("probability") && input.Get<int?>("probability") is null)
        {
            input.Invalid("probability", "`probability` cannot be cleared; give a percentage from 0 to 100.");
        }

        var customFields = await CustomFieldInputs.CheckAsync(db, CustomFieldEntity.Opportunity, input, creating: false, ctx.CancellationToken);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        opportunity.Name = name!;
        opportunity.ContactId = contactId;
        if (input.Has("amount"))
        {
            opportunity.Amount = amount?.Amount;
            opportunity.AmountCurrency = amount?.Currency;
        }

        if (input.Has("expectedCloseDate"))
        {
            opportunity.ExpectedCloseDate = input.Get<DateOnly?>("expectedCloseDate");
        }

        opportunity.Probability = probability ?? opportunity.Probability;
        opportunity.UpdatedAt = Now;
        await CustomFieldStore.StageAsync(db, CustomFieldEntity.Opportunity, opportunity.Id, customFields, Now, ctx.CancellationToken);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(opportunity);
    }

    private async Task<MutationPayload<Opportunity>> AdvanceAsync(IResolveFieldContext ctx, InputFields input, string? overrideReason)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "Opportunity");
        var opportunity = id is null ? null : await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ctx.CancellationToken);
        if (opportunity is null)
        {
            return input.NotFoundPayload("id");
        }

        var stages = await StagesOfAsync(db, opportunity.PipelineId, ctx.CancellationToken);
        var current = stages.FindIndex(s => s.Id == opportunity.StageId);
        if (current == stages.Count - 1)
        {
            return MutationPayload.Failure(new InvalidStateError($"The opportunity is in the last stage ({stages[current].Name}); there is no stage to advance to."));
        }

        var next = stages[current + 1];
        var missing = await gates.CheckAsync(db, opportunity, next, ctx.CancellationToken);
        if (!missing.IsMet && overrideReason is null)
        {
            return MutationPayload.Failure(new StageGateNotMetError(next, missing));
        }

        return missing.IsMet
            ? await MoveAsync(db, opportunity, next, StageEntryKind.Advanced, overrideReason, ctx.Actor(), ctx.CancellationToken)
            : await MoveAsync(db, opportunity, next, StageEntryKind.Overridden, overrideReason, ctx.Actor(), ctx.CancellationToken, missing.Describe());
    }

    private async Task<MutationPayload<Opportunity>> MoveBackAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "Opportunity");
        var opportunity = id is null ? null : await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ctx.CancellationToken);
        if (opportunity is null)
        {
            return input.NotFoundPayload("id");
        }

        var reason = input.RequiredText("reason", PipelineRules.ReasonMaxLength);
        var stages = await StagesOfAsync(db, opportunity.PipelineId, ctx.CancellationToken);
        var current = stages.FindIndex(s => s.Id == opportunity.StageId);
        PipelineStage? target = null;
        if (input.Get<string>("toStageId") is not null)
        {
            var stageId = input.Id("toStageId", "PipelineStage");
            var index = stages.FindIndex(s => s.Id == stageId);
            if (index < 0 && stageId is not null)
            {
                input.Invalid("toStageId", "The stage is not one of the opportunity's pipeline.");
            }
            else if (index >= current)
            {
                input.Invalid("toStageId", "Moving back goes to an earlier stage; advanceOpportunity moves forward.");
            }
            else if (index >= 0)
            {
                target = stages[index];
            }
        }
        else if (current == 0)
        {
            return MutationPayload.Failure(new InvalidStateError("The opportunity is in the first stage; there is no stage to move back to."));
        }
        else
        {
            target = stages[current - 1];
        }

        if (!input.IsValid || target is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        return await MoveAsync(db, opportunity, target, StageEntryKind.MovedBack, reason, ctx.Actor(), ctx.CancellationToken);
    }

    private static Task<List<PipelineStage>> StagesOfAsync(SalesDbContext db, long pipelineId, CancellationToken cancellationToken) =>
        db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position).ToListAsync(cancellationToken);

    /// <summary>Closes the current stay, opens one in <paramref name="to"/>, and takes its default probability.</summary>
    private async Task<MutationPayload<Opportunity>> MoveAsync(SalesDbContext db, Opportunity opportunity, PipelineStage to, StageEntryKind kind, string? reason, Actor actor, CancellationToken cancellationToken, List<string>? overridden = null)
    {
        var now = Now;
        var from = opportunity.StageId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var open = await db.OpportunityStageEntries.Where(e => e.OpportunityId == opportunity.Id && e.LeftAt == null).ToListAsync(cancellationToken);
        foreach (var entry in open)
        {
            entry.LeftAt = now;
        }

        opportunity.EnterStage(to, now);
        db.OpportunityStageEntries.Add(new OpportunityStageEntry
        {
            TenantId = opportunity.TenantId,
            OpportunityId = opportunity.Id,
            StageId = to.Id,
            FromStageId = from,
            Kind = kind,
            Reason = reason,
            ActorMemberId = actor.MemberId,
            OverriddenRequirements = overridden ?? [],
            EnteredAt = now,
        });
        db.Journal(new OpportunityStageChanged(opportunity.TenantId, opportunity.Id, opportunity.OwnerId, from, to.Id, kind, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return MutationPayload.Failure(MovedMeanwhile);
        }

        await transaction.CommitAsync(cancellationToken);
        return MutationPayload.Success(opportunity);
    }
}
