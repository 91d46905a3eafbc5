using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>Whoever may see a document may share it with a customer contact they may see, and revoke its links.</summary>
public sealed class DocumentShareMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateDocumentShareLinkPayloadType>>("createDocumentShareLink")
            .Authorize(Scopes.SalesWrite)
            .Description("Makes an expiring link that lets a customer contact open the document without signing in; each opening is recorded "
                + "(`Document.views`) and journaled as `document.viewed`. The link's `url` is shown in this payload only.")
            .Argument<NonNullGraphType<CreateDocumentShareLinkInputType>>("input")
            .ResolveAsync(async ctx => await CreateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RevokeDocumentShareLinkPayloadType>>("revokeDocumentShareLink")
            .Authorize(Scopes.SalesWrite)
            .Description("Ends a share link at once: it answers 404 from now on, like a link that never existed. Revoking twice changes nothing.")
            .Argument<NonNullGraphType<RevokeDocumentShareLinkInputType>>("input")
            .ResolveAsync(async ctx => await RevokeAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<DocumentShareLink>> CreateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var documentId = input.Id("documentId", "Document");
        var contactId = input.Id("contactId", "Contact");
        var days = input.Get<int?>("expiresInDays") ?? DocumentShareLink.DefaultLifetimeDays;
        if (!DocumentSharing.LifetimeIsValid(days))
        {
            input.Invalid("expiresInDays", $"`expiresInDays` is from 1 to {DocumentShareLink.MaxLifetimeDays}.");
        }

        if (!input.IsValid || documentId is null || contactId is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        // A document or contact outside the caller's view reads exactly as one that does not exist.
        var link = await DocumentSharing.StageAsync(db, documentId.Value, contactId.Value, ctx.Actor().Describe(), Now, days, ctx.CancellationToken);
        if (link is null)
        {
            return await db.Documents.AnyAsync(d => d.Id == documentId, ctx.CancellationToken) ? input.NotFoundPayload("contactId") : input.NotFoundPayload("documentId");
        }

        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(link);
    }

    private async Task<MutationPayload<DocumentShareLink>> RevokeAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", DocumentShareLinkType.TypeName);
        var link = id is null ? null : await db.DocumentShareLinks.FirstOrDefaultAsync(l => l.Id == id, ctx.CancellationToken);
        if (link is null)
        {
            return input.NotFoundPayload("id");
        }

        if (link.Revoke(ctx.Actor().Describe(), Now))
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }

        return MutationPayload.Success(link);
    }
}
