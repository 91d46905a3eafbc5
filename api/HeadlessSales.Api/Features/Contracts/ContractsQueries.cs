using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

public sealed class ContractFilterType : InputObjectGraphType
{
    public ContractFilterType()
    {
        Name = "ContractFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("opportunityIds");
        Field<ListGraphType<NonNullGraphType<ContractApprovalStatusType>>>("approvalStatuses");
        Field<ListGraphType<NonNullGraphType<SignatureStatusType>>>("signatureStatuses");
    }
}

public sealed class ContractsQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ContractType>>>("contracts")
            .Authorize(Scopes.SalesRead)
            .Description("Contracts of the opportunities the caller may see, oldest first.")
            .PagingArguments()
            .Argument<ContractFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var contracts = db.Contracts.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("opportunityIds", "Opportunity") is { } opportunityIds)
                {
                    contracts = contracts.Where(c => opportunityIds.Contains(c.OpportunityId));
                }

                if (filter.List<ContractApprovalStatus>("approvalStatuses") is { } approvals)
                {
                    contracts = contracts.Where(c => approvals.Contains(c.ApprovalStatus));
                }

                if (filter.List<SignatureStatus>("signatureStatuses") is { } signatures)
                {
                    contracts = contracts.Where(c => signatures.Contains(c.SignatureStatus));
                }

                var connection = await contracts.ToConnectionAsync(SortOrder<Contract>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
