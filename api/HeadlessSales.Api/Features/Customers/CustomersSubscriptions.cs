using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Customers;

public sealed class CustomersSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<AccountChangedEventType>>("onAccountChanged")
            .Authorize(Scopes.SalesRead)
            .Description("Changes to one account. The stream completes after the account is archived.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var id = ctx.GetArgument<string>("id");
                // A well-formed id of another tenant or outside the caller's view watches nothing, exactly like an id that
                // never existed.
                var accountId = GlobalId.TryDecode(id, "Account")
                    ?? throw new ExecutionError($"'{id}' is not a valid Account id.") { Code = "INVALID_ID" };
                return events.Observe<AccountChanged>(
                    e => e.TenantId == actor.TenantId && e.AccountId == accountId && actor.SeesOwner(e.OwnerId),
                    isLast: e => e.Kind == AccountChangeKind.Archived);
            });
    }
}
