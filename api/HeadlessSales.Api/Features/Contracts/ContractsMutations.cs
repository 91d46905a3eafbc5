using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

public sealed class ContractsMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateContractPayloadType>>("createContract")
            .Authorize(Scopes.SalesWrite)
            .Description("Makes the contract of an opportunity at the 签约 (SIGNING) stage; one per opportunity. Then `requestApproval` with its id.")
            .Argument<NonNullGraphType<CreateContractInputType>>("input")
            .ResolveAsync(async ctx => await CreateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RecordSignatureStatusPayloadType>>("recordSignatureStatus")
            .AuthorizeIntegrationsOnly(Scopes.SalesWrite)
            .Description("For the e-signature provider's integration: reports its envelope as PENDING, SIGNED or DECLINED. "
                + "The same reference and status again changes nothing (safe to retry); a signed contract stays signed. Integration clients only.")
            .Argument<NonNullGraphType<RecordSignatureStatusInputType>>("input")
            .ResolveAsync(async ctx => await RecordSignatureAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RecordCollectionPayloadType>>("recordCollection")
            .Authorize(Scopes.SalesWrite)
            .Description("Records money received (回款) against a signed contract; the total never exceeds the contract's amount.")
            .Argument<NonNullGraphType<RecordCollectionInputType>>("input")
            .ResolveAsync(async ctx => await RecordCollectionAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Contract>> CreateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var title = input.RequiredText("title", 200);
        var amount = input.Get<Money>("amount");
        if (amount is not null && (amount.Amount <= 0 || !Money.IsCurrencyCode(amount.Currency)))
        {
            input.Invalid("amount", "`amount` needs a positive amount and an ISO 4217 currency code such as CNY.");
        }

        var opportunityId = input.Id("opportunityId", "Opportunity");
        var opportunity = opportunityId is null ? null : await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opportunityId, ct);
        if (opportunity is null)
        {
            return input.NotFoundPayload("opportunityId");
        }

        var stage = await db.PipelineStages.AsNoTracking().FirstAsync(s => s.Id == opportunity.StageId, ct);
        if (stage.Code != ContractRules.SigningStageCode)
        {
            input.Errors.Add(new OpportunityNotAtSigningStageError(stage.Code, stage.Name));
        }

        amount ??= opportunity.Amount is { } opportunityAmount && opportunity.AmountCurrency is { } currency ? new Money(opportunityAmount, currency) : null;
        if (amount is null && input.IsValid)
        {
            input.Invalid("amount", "The opportunity has no amount; give the contract's `amount`.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (await db.Contracts.AnyAsync(c => c.OpportunityId == opportunity.Id, ct))
        {
            return MutationPayload.Failure(DuplicateOf(input));
        }

        var actor = ctx.Actor();
        var now = Now;
        var contract = new Contract
        {
            TenantId = ctx.TenantId(),
            OpportunityId = opportunity.Id,
            AccountId = opportunity.AccountId,
            OwnerId = opportunity.OwnerId,
            Title = title!,
            Amount = amount!.Amount,
            Currency = amount.Currency,
            ApprovalStatus = ContractApprovalStatus.NotRequested,
            SignatureStatus = SignatureStatus.NotSent,
            CreatedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Contracts.Add(contract);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(DuplicateOf(input));
        }

        return MutationPayload.Success(contract);
    }

    private static DuplicateError DuplicateOf(InputFields input) =>
        new(input.PathOf("opportunityId"), input.Get<string>("opportunityId") ?? string.Empty, "The opportunity already has a contract.");

    private async Task<MutationPayload<Contract>> RecordSignatureAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var reference = input.RequiredText("providerReference", 100);
        var reported = input.Get<ReportedSignatureStatus>("status") switch
        {
            ReportedSignatureStatus.Pending => SignatureStatus.Pending,
            ReportedSignatureStatus.Signed => SignatureStatus.Signed,
            _ => SignatureStatus.Declined,
        };
        var occurredAt = input.Get<DateTime?>("occurredAt") ?? Now;
        if (occurredAt > Now)
        {
            input.Invalid("occurredAt", "`occurredAt` cannot be in the future.");
        }

        var contractId = input.Id("contractId", "Contract");
        // A callback retried while the first is still saving loses the race on the concurrency token; judged again, it is a no-op.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = ctx.Database();
            var contract = contractId is null ? null : await db.Contracts.FirstOrDefaultAsync(c => c.Id == contractId, ct);
            if (contract is null)
            {
                return input.NotFoundPayload("contractId");
            }

            if (!input.IsValid)
            {
                return MutationPayload.Failure(input.Errors);
            }

            var (transition, refusal) = ContractRules.Judge(contract, reported, reference!);
            if (transition == SignatureTransition.Refused)
            {
                return MutationPayload.Failure(new InvalidStateError(refusal!));
            }

            if (transition == SignatureTransition.Unchanged)
            {
                return MutationPayload.Success(contract);
            }

            contract.RecordSignature(reported, reference!, occurredAt, Now);
            if (contract.SignedAt is { } signedAt)
            {
                db.Journal(new ContractSigned(contract.TenantId, contract.Id, contract.OwnerId, contract.AccountId, signedAt, Now));
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return MutationPayload.Success(contract);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
            }
        }
    }

    private async Task<MutationPayload<PaymentCollection>> RecordCollectionAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var amount = input.Get<decimal>("amount");
        if (amount <= 0)
        {
            input.Invalid("amount", "`amount` must be more than zero.");
        }

        var receivedOn = input.Get<DateOnly>("receivedOn");
        if (receivedOn > DateOnly.FromDateTime(Now))
        {
            input.Invalid("receivedOn", "`receivedOn` cannot be in the future.");
        }

        var note = input.OptionalText("note", 500);
        var contractId = input.Id("contractId", "Contract");
        var contract = contractId is null ? null : await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, ct);
        if (contract is null)
        {
            return input.NotFoundPayload("contractId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (contract.SignatureStatus != SignatureStatus.Signed)
        {
            return MutationPayload.Failure(new InvalidStateError($"Money is collected against a signed contract; this one is {contract.SignatureStatus.ToString().ToUpperInvariant()}."));
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One conditional update is the guard: concurrent collections cannot together pass the contract's amount.
        var raised = await db.Contracts
            .Where(c => c.Id == contract.Id && c.CollectedAmount + amount <= c.Amount)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CollectedAmount, c => c.CollectedAmount + amount).SetProperty(c => c.UpdatedAt, now), ct);
        if (raised == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var collected = await db.Contracts.AsNoTracking().Where(c => c.Id == contract.Id).Select(c => c.CollectedAmount).FirstAsync(ct);
            return MutationPayload.Failure(new OverCollectionError(
                new Money(contract.Amount, contract.Currency), new Money(collected, contract.Currency), new Money(contract.Amount - collected, contract.Currency)));
        }

        var actor = ctx.Actor();
        var collection = new PaymentCollection
        {
            TenantId = contract.TenantId,
            ContractId = contract.Id,
            Amount = amount,
            Currency = contract.Currency,
            ReceivedOn = receivedOn,
            Note = note,
            RecordedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            RecordedBy = actor.Describe(),
            CreatedAt = now,
        };
        db.PaymentCollections.Add(collection);
        db.Journal(() => new CollectionRecorded(collection.TenantId, collection.Id, contract.Id, contract.OwnerId, collection.ReceivedOn, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return MutationPayload.Success(collection);
    }
}
