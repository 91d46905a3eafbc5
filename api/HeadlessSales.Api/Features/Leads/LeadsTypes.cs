using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.CustomFields;

namespace HeadlessSales.Api.Features.Leads;

public sealed class LeadSourceType : EnumerationGraphType<LeadSource>
{
    public LeadSourceType()
    {
        Name = "LeadSource";
        Description = "Where a lead came from.";
    }
}

public sealed class LeadStatusType : EnumerationGraphType<LeadStatus>
{
    public LeadStatusType()
    {
        Name = "LeadStatus";
        Description = "Where a lead is in the response SOP: NEW until it has an owner.";
    }
}

public sealed class LeadMatchFieldType : EnumerationGraphType<LeadMatchField>
{
    public LeadMatchFieldType()
    {
        Name = "LeadMatchField";
        Description = "The contact detail that tied a lead to an earlier one.";
    }
}

public sealed class InvalidRowPolicyType : EnumerationGraphType<InvalidRowPolicy>
{
    public InvalidRowPolicyType()
    {
        Name = "InvalidRowPolicy";
        Description = "What an import does with broken rows.";
    }
}

public sealed class ProductType : NodeType<Product>
{
    public ProductType() : base("Product", "A product of the catalog that leads ask about.")
    {
        Field(p => p.Code).Description("Unique within the tenant; leads name products by it.");
        Field(p => p.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IndustryType>>>>("industries")
            .Description("The industries the product is sold into.")
            .Resolve(ctx => ctx.Source.Industries);
        Field(p => p.Active);
    }
}

public sealed partial class LeadType : NodeType<Lead>
{
    public LeadType() : base("Lead", "A prospective customer, from intake through assignment and first response.")
    {
        this.AddCustomFields(CustomFieldEntity.Lead);
        Field(l => l.Name).Description("The person who asked.");
        Field(l => l.Company, nullable: true);
        Field(l => l.Phone, nullable: true);
        Field(l => l.Email, nullable: true);
        Field(l => l.Industry, type: typeof(NonNullGraphType<IndustryType>));
        Field(l => l.Province, nullable: true);
        Field(l => l.Source, type: typeof(NonNullGraphType<LeadSourceType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("productInterests")
            .Description("Codes of the products the lead asked about.")
            .Resolve(ctx => ctx.Source.ProductInterests);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("products")
            .Description("The catalog products the lead asked about.")
            .Resolve(ctx =>
            {
                var loader = ctx.DataLoader<ProductByCodeDataLoader>();
                var pending = ctx.Source.ProductInterests.Select(loader.LoadAsync).ToList();
                return new DeferredResult<List<Product>>(async cancellationToken =>
                {
                    var products = new List<Product>(pending.Count);
                    foreach (var product in pending)
                    {
                        if (await product.GetResultAsync(cancellationToken) is { } found)
                        {
                            products.Add(found);
                        }
                    }

                    return products;
                });
            });
        Field(l => l.EstimatedSize, type: typeof(CompanySizeType));
        Field(l => l.Status, type: typeof(NonNullGraphType<LeadStatusType>));
        Field<MemberType>("owner")
            .Description("The member who must answer the lead; null while it waits in a queue.")
            .Resolve(ctx => ctx.Source.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<TeamType>("team")
            .Description("The team whose queue the lead is in.")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.LoadTeam(id) : null);
        Field(l => l.AssignedAt, type: typeof(UtcDateTimeGraphType));
        Field(l => l.FirstRespondedAt, type: typeof(UtcDateTimeGraphType));
        Field(l => l.FirstResponseOutcome, type: typeof(FirstResponseOutcomeType));
        Field<AssignmentRuleType>("assignmentRule")
            .Description("The rule that assigned the lead; null when a person did or no rule matched.")
            .Resolve(ctx => ctx.Source.AssignmentRuleId is { } id ? ctx.DataLoader<AssignmentRuleByIdDataLoader>().LoadAsync(id) : null);
        Field<FirstCallScriptType>("firstCallScript")
            .Description("The most specific script template for the lead's industry and products, rendered for it and its owner; null when no template fits.")
            .Resolve(ctx => WithScriptMaterial(ctx, (material, owner) =>
                FirstCallScripts.Render(ctx.Source, owner, material.Templates, FirstCallScripts.Suggest(ctx.Source, material.Products))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductSuggestionType>>>>("suggestedProducts")
            .Description($"Up to {FirstCallScripts.MaxSuggestions} products to pitch: those the lead asked about first, then those sold into its industry.")
            .Resolve(ctx => WithScriptMaterial(ctx, (material, _) => FirstCallScripts.Suggest(ctx.Source, material.Products)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadHistoryEntryType>>>>("history")
            .Description("Every step of the lead, oldest first.")
            .Resolve(ctx => new DeferredResult<List<LeadHistoryEntry>>(async cancellationToken =>
                await ctx.DataLoader<LeadHistoryByLeadIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field<LeadType>("duplicateOf")
            .Description("The earliest lead with the same phone, email or company; null when the caller cannot see it or there is none.")
            .Resolve(ctx => ctx.Source.DuplicateOfId is { } id ? ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(id) : null);
        // A duplicate check must not tell about a lead outside the caller's view: its id and what matched it go with it.
        Field<IdGraphType>("duplicateOfId")
            .Description("Id of `duplicateOf`; null when the caller cannot see that lead or there is none.")
            .Resolve(ctx => ctx.Source.DuplicateOfId is { } id ? SeenDuplicateOf(ctx, id, original => GlobalId.Encode("Lead", original.Id), null) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadMatchFieldType>>>>("duplicateMatchedOn")
            .Description("Which details matched `duplicateOf`; empty for an original lead and when the caller cannot see `duplicateOf`.")
            .Resolve(ctx => ctx.Source.DuplicateOfId is { } id ? SeenDuplicateOf(ctx, id, _ => ctx.Source.DuplicateMatchedOn, []) : ctx.Source.DuplicateMatchedOn);
        Field(l => l.ConvertedAt, type: typeof(UtcDateTimeGraphType)).Description("When the lead became an account, a contact and an opportunity.");
        Field<AccountType>("convertedAccount")
            .Description("The account the lead became or was attached to.")
            .Resolve(ctx => ctx.Source.ConvertedAccountId is { } id ? ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(id) : null);
        Field<ContactType>("convertedContact")
            .Resolve(ctx => ctx.Source.ConvertedContactId is { } id ? ctx.DataLoader<ContactByIdDataLoader>().LoadAsync(id) : null);
        Field(l => l.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(l => l.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed partial class LeadType
{
    /// <summary>Queues the tenant's catalog and templates and the owner now, with the siblings' keys; computes when the batch is in.</summary>
    private static DeferredResult<T> WithScriptMaterial<T>(IResolveFieldContext<Lead> ctx, Func<ScriptMaterial, Member?, T> compute)
    {
        var services = ctx.RequestServices!;
        var material = services.DataLoader<ScriptMaterialByTenantDataLoader>().LoadAsync(ctx.Source.TenantId);
        var owner = ctx.Source.OwnerId is { } ownerId ? services.DataLoader<MemberByIdDataLoader>().LoadAsync(ownerId) : null;
        return new DeferredResult<T>(async cancellationToken =>
        {
            var loaded = await material.GetResultAsync(cancellationToken) ?? new ScriptMaterial([], []);
            return compute(loaded, owner is null ? null : await owner.GetResultAsync(cancellationToken));
        });
    }

    /// <summary>What a lead tells about its original <paramref name="originalId"/>: <paramref name="unseen"/> when the caller cannot see it.</summary>
    private static DeferredResult<T> SeenDuplicateOf<T>(IResolveFieldContext<Lead> ctx, long originalId, Func<Lead, T> tell, T unseen)
    {
        var original = ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(originalId);
        return new DeferredResult<T>(async cancellationToken => await original.GetResultAsync(cancellationToken) is { } seen ? tell(seen) : unseen);
    }
}

public sealed class UnknownCodeErrorType : UserErrorType<UnknownCodeError>
{
    public UnknownCodeErrorType() : base("UnknownCodeError", "An industry or product code that is not in the catalog.")
    {
        Field(e => e.Field).Description("The input field or import column that held the code.");
        Field(e => e.Value);
    }
}

public sealed class IdempotencyKeyReusedErrorType : UserErrorType<IdempotencyKeyReusedError>
{
    public IdempotencyKeyReusedErrorType() : base("IdempotencyKeyReusedError", "The idempotency key was already used with a different payload.")
    {
        Field(e => e.Field);
        Field(e => e.Key);
    }
}

public sealed class ImportRejectedErrorType : UserErrorType<ImportRejectedError>
{
    public ImportRejectedErrorType() : base("ImportRejectedError", "Some rows were invalid and the caller chose to import all rows or none.")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadImportRowType>>>>("invalidRows")
            .Description("Each broken row with its line number and errors.")
            .Resolve(ctx => ctx.Source.InvalidRows);
    }
}

public sealed class LeadImportRowErrorType : UnionGraphType
{
    public LeadImportRowErrorType()
    {
        Name = "LeadImportRowError";
        Description = "Why one import row was not imported; `field` names the column.";
        Type<ValidationErrorType>();
        Type<UnknownCodeErrorType>();
        Type<CustomFieldErrorType>();
    }
}

public sealed class LeadImportRowType : ObjectGraphType<LeadImportRow>
{
    public LeadImportRowType()
    {
        Name = "LeadImportRow";
        Description = "One data row of an import.";
        Field(r => r.Line).Description("The row's line in the file; the header is line 1.");
        // Read through the loader as any lead is: a row routed to someone outside the caller's view shows no lead.
        Field<LeadType>("lead").Description("The lead the row became; null when it was not imported or went to someone outside the caller's view.")
            .Resolve(ctx => ctx.Source.Lead is { } lead ? ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(lead.Id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadImportRowErrorType>>>>("errors").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class LeadImportType : ObjectGraphType<LeadImportResult>
{
    public LeadImportType()
    {
        Name = "LeadImport";
        Description = "The outcome of an import, row by row.";
        Field(r => r.ImportedCount);
        Field(r => r.InvalidCount);
        Field(r => r.DuplicateCount).Description("Imported rows linked to an earlier lead.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadImportRowType>>>>("rows")
            .Description("Every data row in file order, or only the rows with errors or duplicates.")
            .Argument<BooleanGraphType>("onlyProblems", arg => arg.DefaultValue = false)
            .Resolve(ctx => ctx.GetArgument<bool>("onlyProblems")
                ? ctx.Source.Rows.Where(r => r.Errors.Count > 0 || r.Lead?.DuplicateOfId is not null).ToList()
                : ctx.Source.Rows);
    }
}

public sealed class LeadAssignedEventType : ObjectGraphType<LeadAssigned>
{
    public LeadAssignedEventType()
    {
        Name = "LeadAssignedEvent";
        Description = "A lead got an owner. `lead` carries the first-call script and product suggestions.";
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field<LeadType>("lead")
            .Description("The lead as it is now, loaded with the subscriber's permissions when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(ctx.Source.LeadId));
        Field<NonNullGraphType<IdGraphType>>("ownerId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.OwnerId));
        Field(e => e.Reassigned).Description("True when a person moved the lead rather than a rule.");
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}
