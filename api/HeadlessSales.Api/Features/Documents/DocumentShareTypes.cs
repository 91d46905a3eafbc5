using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Documents;

public sealed class ShareLinkStatusType : EnumerationGraphType<ShareLinkStatus>
{
    public ShareLinkStatusType() => Name = "ShareLinkStatus";
}

public sealed class DocumentShareLinkType : ObjectGraphType<DocumentShareLink>
{
    public const string TypeName = "DocumentShareLink";

    public DocumentShareLinkType()
    {
        Name = TypeName;
        Description = "A document shared with a customer contact through an expiring, revocable link; seen by whoever sees the document.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Give it to `revokeDocumentShareLink`.").Resolve(ctx => GlobalId.Encode(TypeName, ctx.Source.Id));
        Field<DocumentType>("document").Resolve(ctx => ctx.DataLoader<DocumentByIdDataLoader>().LoadAsync(ctx.Source.DocumentId));
        Field<ContactType>("contact").Description("The customer contact the link was made for.").Resolve(ctx => ctx.DataLoader<ContactByIdDataLoader>().LoadAsync(ctx.Source.ContactId));
        Field<StringGraphType>("url")
            .Description("The link to send the customer. Shown only in the payload that created it: the server keeps a hash of the token, never the token.")
            .Resolve(ctx => ctx.Source.IssuedToken is { } token ? UrlOf(ctx, token) : null);
        Field<NonNullGraphType<ShareLinkStatusType>>("status").Resolve(ctx => ctx.Source.StatusAt(ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime));
        Field(l => l.CreatedBy).Description("`member:<key>`, `client:<id>` or `rule:<key>` when a rule shared it.");
        Field(l => l.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(l => l.ExpiresAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(l => l.RevokedAt, type: typeof(UtcDateTimeGraphType));
    }

    public static string UrlOf(IResolveFieldContext ctx, string token) =>
        (ctx.RequestServices!.GetRequiredService<IOptions<DocumentOptions>>().Value.PublicBaseUrl?.TrimEnd('/') ?? string.Empty) + DocumentSharing.PathOf(token);
}

public sealed class DocumentViewType : ObjectGraphType<DocumentView>
{
    public DocumentViewType()
    {
        Name = "DocumentView";
        Description = "One opening of a share link by the customer. No address is kept: `visitor` is a hash that tells repeat visits of the same link apart.";
        Field(v => v.ViewedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<NonNullGraphType<IdGraphType>>("shareLinkId").Resolve(ctx => GlobalId.Encode(DocumentShareLinkType.TypeName, ctx.Source.ShareLinkId));
        Field<StringGraphType>("visitor").Resolve(ctx => ctx.Source.VisitorHash);
        Field(v => v.UserAgent, nullable: true).Description($"The browser's user agent, cut to {DocumentView.MaxUserAgentLength} characters.");
    }
}

/// <summary>A document's links and views, newest first; one document at a time (a list of documents does not batch them).</summary>
public static class DocumentSharingFields
{
    private static readonly SortOrder<DocumentShareLink> NewestLinkFirst = SortOrder<DocumentShareLink>.ById(descending: true);
    private static readonly SortOrder<DocumentView> NewestViewFirst = SortOrder<DocumentView>.ById(descending: true);

    public static void AddSharingFields(this ObjectGraphType<Document> document)
    {
        document.Field<NonNullGraphType<ConnectionType<DocumentShareLinkType>>>("shareLinks")
            .Description("Links that share this document with customers, newest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var links = db.DocumentShareLinks.AsNoTracking().Where(l => l.DocumentId == ctx.Source.Id);
                return (await links.ToConnectionAsync(NewestLinkFirst, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken)).Erase();
            });
        document.Field<NonNullGraphType<ConnectionType<DocumentViewType>>>("views")
            .Description("Customers' openings of this document through its share links, newest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var views = db.DocumentViews.AsNoTracking().Where(v => v.DocumentId == ctx.Source.Id);
                return (await views.ToConnectionAsync(NewestViewFirst, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken)).Erase();
            });
    }
}

public sealed class CreateDocumentShareLinkInputType : InputObjectGraphType
{
    public CreateDocumentShareLinkInputType()
    {
        Name = "CreateDocumentShareLinkInput";
        Field<NonNullGraphType<IdGraphType>>("documentId").Description("A document the caller may see.");
        Field<NonNullGraphType<IdGraphType>>("contactId").Description("The customer contact it is for; one the caller may see.");
        Field<IntGraphType>("expiresInDays").Description($"1 to {DocumentShareLink.MaxLifetimeDays}.").DefaultValue(DocumentShareLink.DefaultLifetimeDays);
    }
}

public sealed class RevokeDocumentShareLinkInputType : InputObjectGraphType
{
    public RevokeDocumentShareLinkInputType()
    {
        Name = "RevokeDocumentShareLinkInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class CreateDocumentShareLinkErrorType() : MutationErrorUnion("createDocumentShareLink", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class RevokeDocumentShareLinkErrorType() : MutationErrorUnion("revokeDocumentShareLink", typeof(NotFoundErrorType));

public sealed class CreateDocumentShareLinkPayloadType() : PayloadType<DocumentShareLinkType, DocumentShareLink, CreateDocumentShareLinkErrorType>("createDocumentShareLink", "shareLink");

public sealed class RevokeDocumentShareLinkPayloadType() : PayloadType<DocumentShareLinkType, DocumentShareLink, RevokeDocumentShareLinkErrorType>("revokeDocumentShareLink", "shareLink");
