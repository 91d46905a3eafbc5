using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Documents;

public sealed class DocumentType : NodeType<Document>
{
    public DocumentType() : base("Document", "A file kept as evidence on a lead, an account or an opportunity. Its content is downloaded from `downloadPath` with the same bearer token.")
    {
        Field<NonNullGraphType<DocumentKindType>>("kind")
            .Resolve(ctx => ctx.DataLoader<DocumentKindByIdDataLoader>().LoadAsync(ctx.Source.KindId));
        Field<NonNullGraphType<IdGraphType>>("subjectId")
            .Description("The global id of the lead, account or opportunity the document is attached to.")
            .Resolve(ctx => DocumentSubject.Of(ctx.Source).GlobalId);
        Field<LeadType>("lead")
            .Description("The lead it is attached to, if any.")
            .Resolve(ctx => ctx.Source.LeadId is { } id ? ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(id) : null);
        Field<AccountType>("account")
            .Description("The account it is attached to, if any.")
            .Resolve(ctx => ctx.Source.AccountId is { } id ? ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(id) : null);
        Field<OpportunityType>("opportunity")
            .Description("The opportunity it is attached to, if any.")
            .Resolve(ctx => ctx.Source.OpportunityId is { } id ? ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(id) : null);
        Field(d => d.FileName).Description("The file name the uploader gave.");
        Field(d => d.ContentType).Description("The media type, verified against the file's content on upload.");
        Field<NonNullGraphType<IntGraphType>>("sizeBytes").Resolve(ctx => checked((int)ctx.Source.SizeBytes));
        Field(d => d.Sha256).Description("Lower-case hex SHA-256 of the content; also the download's ETag.");
        Field(d => d.Note, nullable: true);
        Field(d => d.CustomerSignedOn, type: typeof(DateOnlyGraphType)).Description("When the customer signed it, if they did.");
        Field<MemberType>("uploadedBy")
            .Description("The member who uploaded it; null when an integration did.")
            .Resolve(ctx => ctx.Source.UploadedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<StringGraphType>>("downloadPath")
            .Description("Where to GET the content, relative to the server: `/documents/{id}/content`, with the bearer token.")
            .Resolve(ctx => DocumentDownloads.PathOf(ctx.Source.Id));
        Field(d => d.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        this.AddSharingFields();
    }
}

public sealed class DocumentKindType : NodeType<DocumentKind>
{
    public DocumentKindType() : base("DocumentKind", "A kind of document in the tenant's catalog; stage gates name kinds by `code`.")
    {
        Field(k => k.Code).Description("Stable code, e.g. REQUIREMENT_CONFIRMATION.");
        Field(k => k.Name).Description("Display name, e.g. 需求确认书.");
        Field(k => k.EnglishName, nullable: true);
        Field(k => k.Description, nullable: true);
        Field(k => k.RequiresCustomerSignature).Description("A document of this kind counts as evidence only with `customerSignedOn`.");
        Field(k => k.Active).Description("Inactive kinds keep their documents but take no new uploads.");
        Field(k => k.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(k => k.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

/// <summary>The declared media type is not accepted, or the content does not look like it.</summary>
public sealed record UnsupportedFileTypeError(string Field, string? DeclaredContentType, string? DetectedContentType, IReadOnlyList<string> AllowedContentTypes)
    : UserError(Describe(DeclaredContentType, DetectedContentType), "UNSUPPORTED_FILE_TYPE")
{
    private static string Describe(string? declared, string? detected) => declared switch
    {
        null => "The file part has no Content-Type.",
        _ when detected == declared => $"Files of type '{declared}' are not accepted.",
        _ => $"The file is declared as '{declared}' but its content {(detected is null ? "is not of that type" : $"looks like '{detected}'")}.",
    };
}

public sealed class UnsupportedFileTypeErrorType : UserErrorType<UnsupportedFileTypeError>
{
    public UnsupportedFileTypeErrorType() : base("UnsupportedFileTypeError", "The file's type is not accepted, or its content does not match the type it claims.")
    {
        Field(e => e.Field);
        Field(e => e.DeclaredContentType, nullable: true).Description("The Content-Type of the file part.");
        Field(e => e.DetectedContentType, nullable: true).Description("What the content's leading bytes look like, when recognisable.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("allowedContentTypes").Resolve(ctx => ctx.Source.AllowedContentTypes);
    }
}

/// <summary>The record a document is attached to.</summary>
public readonly record struct DocumentSubject(string TypeName, long Key)
{
    public const string Lead = "Lead";
    public const string Account = "Account";
    public const string Opportunity = "Opportunity";

    public static readonly IReadOnlyList<string> TypeNames = [Lead, Account, Opportunity];

    public string GlobalId => HeadlessSales.Api.GraphQL.Relay.GlobalId.Encode(TypeName, Key);

    public static DocumentSubject Of(Document document) =>
        document.LeadId is { } leadId ? new(Lead, leadId)
        : document.AccountId is { } accountId ? new(Account, accountId)
        : new(Opportunity, document.OpportunityId!.Value);

    /// <summary>The subject a global id names, or null when it is malformed or of a type documents cannot attach to.</summary>
    public static DocumentSubject? TryDecode(string? id) =>
        HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(id, out var typeName, out var key) && TypeNames.Contains(typeName) ? new DocumentSubject(typeName, key) : null;
}
