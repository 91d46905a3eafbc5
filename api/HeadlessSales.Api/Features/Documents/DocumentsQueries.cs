using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

public sealed class DocumentFilterType : InputObjectGraphType
{
    public DocumentFilterType()
    {
        Name = "DocumentFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("subjectIds").Description("Documents attached to any of these leads, accounts or opportunities.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("kindCodes").Description("Documents of any of these kinds.");
    }
}

public sealed class DocumentKindFilterType : InputObjectGraphType
{
    public DocumentKindFilterType()
    {
        Name = "DocumentKindFilter";
        Field<BooleanGraphType>("active").Description("Only active (true) or only retired (false) kinds; both when left out.");
    }
}

public sealed class DocumentsQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<DocumentType>>>("documents")
            .Authorize(Scopes.SalesRead)
            .Description("Documents on the leads, accounts and opportunities the caller may see, oldest first.")
            .PagingArguments()
            .Argument<DocumentFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var documents = db.Documents.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<string>("subjectIds") is { } subjectIds)
                {
                    var subjects = subjectIds.Select(DocumentSubject.TryDecode).OfType<DocumentSubject>().ToList();
                    var leadIds = subjects.Where(s => s.TypeName == DocumentSubject.Lead).Select(s => s.Key).ToList();
                    var accountIds = subjects.Where(s => s.TypeName == DocumentSubject.Account).Select(s => s.Key).ToList();
                    var opportunityIds = subjects.Where(s => s.TypeName == DocumentSubject.Opportunity).Select(s => s.Key).ToList();
                    documents = documents.Where(d => (d.LeadId != null && leadIds.Contains(d.LeadId.Value))
                        || (d.AccountId != null && accountIds.Contains(d.AccountId.Value))
                        || (d.OpportunityId != null && opportunityIds.Contains(d.OpportunityId.Value)));
                }

                if (filter.List<string>("kindCodes") is { } kindCodes)
                {
                    var codes = kindCodes.Select(c => c.Trim().ToUpperInvariant()).ToList();
                    documents = documents.Where(d => db.Set<DocumentKind>().Any(k => k.Id == d.KindId && codes.Contains(k.Code)));
                }

                var connection = await documents.ToConnectionAsync(SortOrder<Document>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<DocumentKindType>>>("documentKinds")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's catalog of document kinds, by code.")
            .PagingArguments()
            .Argument<DocumentKindFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var kinds = db.DocumentKinds.AsNoTracking();
                if (new FilterArguments(ctx).Get<bool?>("active") is { } active)
                {
                    kinds = kinds.Where(k => k.Active == active);
                }

                var connection = await kinds.ToConnectionAsync(SortOrder<DocumentKind>.By("code", k => k.Code), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
