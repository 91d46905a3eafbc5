using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

public sealed class LeadsMutations(TimeProvider clock, LeadAssigner assigner) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateLeadPayloadType>>("createLead")
            .Authorize(Scopes.SalesWrite)
            .Description("Takes in one lead and assigns it by the rules; its `firstCallScript` is ready for the new owner. A lead with the same phone, email or company as an earlier one is stored and linked to it (`duplicateOf`), never merged.")
            .Argument<NonNullGraphType<CreateLeadInputType>>("input")
            .ResolveAsync(async ctx => await CreateLeadAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<BulkImportLeadsPayloadType>>("bulkImportLeads")
            .Authorize(Scopes.SalesWrite)
            .Description($"Takes in up to {LeadImporter.MaxRows} leads from CSV text, reporting each row by its line number.")
            .Argument<NonNullGraphType<BulkImportLeadsInputType>>("input")
            .ResolveAsync(async ctx => await BulkImportLeadsAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Lead>> CreateLeadAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var tenantId = ctx.TenantId();
        var idempotencyKey = input.OptionalText("idempotencyKey", 100);
        var draft = await ReadDraftAsync(db, input, ctx.CancellationToken);
        var customFields = await CustomFieldInputs.CheckAsync(db, CustomFieldEntity.Lead, input, creating: true, ctx.CancellationToken);
        if (draft is null || !input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var hash = draft.Hash();
        if (idempotencyKey is not null && await ReplayAsync(db, tenantId, input, idempotencyKey, hash, ctx.CancellationToken) is { } replay)
        {
            return replay;
        }

        var duplicates = new LeadDuplicateIndex();
        await duplicates.LoadAsync(db, tenantId, [draft], ctx.CancellationToken);
        var now = Now;
        var lead = draft.ToLead(tenantId, now);
        lead.IdempotencyKey = idempotencyKey;
        lead.IdempotencyHash = idempotencyKey is null ? null : hash;
        duplicates.Link(lead);
        await using (var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken))
        {
            try
            {
                await assigner.AssignAsync(db, tenantId, [lead], now, ctx.CancellationToken);
                db.Leads.Add(lead);
                await db.SaveChangesAsync(ctx.CancellationToken);
            }
            catch (DbUpdateException) when (idempotencyKey is not null)
            {
                // A concurrent retry with the same key inserted first: answer as that retry's replay.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return await ReplayAsync(db, tenantId, input, idempotencyKey, hash, ctx.CancellationToken) ?? throw new InvalidOperationException("The lead could not be stored.");
            }

            await CustomFieldStore.StageAsync(db, CustomFieldEntity.Lead, lead.Id, customFields, now, ctx.CancellationToken);
            db.LeadHistory.AddRange(LeadHistoryEntry.Intake(lead, now));
            await LeadSopTimerHandler.ScheduleAsync(db, [lead], ctx.CancellationToken);
            db.JournalAssignments([lead], now);
            await db.SaveChangesAsync(ctx.CancellationToken);
            await transaction.CommitAsync(ctx.CancellationToken);
        }

        return MutationPayload.Success(lead);
    }

    /// <summary>The answer to a create whose idempotency key was seen before, or null when it is new.</summary>
    private static async Task<MutationPayload<Lead>?> ReplayAsync(SalesDbContext db, long tenantId, InputFields input, string key, string hash, CancellationToken cancellationToken)
    {
        // The caller may no longer see the lead (it was assigned to someone else): the key still identifies it.
        var earlier = await db.Leads.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(l => l.TenantId == tenantId && l.IdempotencyKey == key, cancellationToken);
        return earlier switch
        {
            null => null,
            _ when earlier.IdempotencyHash == hash => MutationPayload.Success(earlier),
            _ => MutationPayload.Failure(new IdempotencyKeyReusedError(input.PathOf("idempotencyKey"), key)),
        };
    }

    private static async Task<LeadDraft?> ReadDraftAsync(SalesDbContext db, InputFields input, CancellationToken cancellationToken)
    {
        var products = input.List<string>("productInterests") ?? [];
        var values = new LeadDraftValues(
            input.Get<string>("name"),
            input.Get<string>("company"),
            input.Get<string>("phone"),
            input.Get<string>("email"),
            input.Get<Industry>("industry"),
            input.Get<string>("province"),
            input.Get<LeadSource>("source"),
            products,
            input.Get<CompanySize?>("estimatedSize"));
        var known = products.Count > 0 ? await LeadRules.ProductCodesAsync(db, cancellationToken) : [];
        var validation = LeadDraftValidator.Validate(values, known, input.PathOf);
        input.Errors.AddRange(validation.Errors);
        return input.IsValid ? validation.Draft : null;
    }

    private async Task<MutationPayload<LeadImportResult>> BulkImportLeadsAsync(IResolveFieldContext ctx, InputFields input)
    {
        var file = input.Get<UploadedFile>("file");
        var text = input.Get<string>("csv");
        if ((text is null) == (file is null))
        {
            input.Invalid(file is null ? "csv" : "file", "Give the CSV as `csv` text or as a `file` part, one of the two.");
            return MutationPayload.Failure(input.Errors);
        }

        if (file is not null && (text = await ReadUtf8Async(file)) is null)
        {
            input.Invalid("file", "The file must be UTF-8 text.");
            return MutationPayload.Failure(input.Errors);
        }

        var records = Csv.Parse(text!);
        if (LeadImporter.CheckFile(records) is { } problem)
        {
            return MutationPayload.Failure(new ValidationError(input.PathOf(file is null ? "csv" : "file"), problem));
        }

        await using var db = ctx.Database();
        var result = await new LeadImporter(db, ctx.TenantId(), Now, assigner).ImportAsync(records, input.Get<InvalidRowPolicy>("onInvalidRows"), ctx.CancellationToken);
        return result.Rejected ? MutationPayload.Failure(new ImportRejectedError(result.Rows)) : MutationPayload.Success(result);
    }

    /// <summary>The file as text, or null when it is not UTF-8 (a byte-order mark is allowed).</summary>
    private static async Task<string?> ReadUtf8Async(UploadedFile file)
    {
        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        try
        {
            var text = await reader.ReadToEndAsync();
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }
}
