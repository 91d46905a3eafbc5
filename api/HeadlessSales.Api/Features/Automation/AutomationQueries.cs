using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

public sealed class AutomationQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AutomationRuleType>>>("automationRules")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's rules, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.AutomationRules.AsNoTracking().ToConnectionAsync(SortOrder<AutomationRule>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<RuleExecutionType>>>("ruleExecutions")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("The execution log, newest first: each run's inputs, decision and outcome. It shows records' data, so it is for those who configure rules.")
            .PagingArguments()
            .Argument<IdGraphType>("ruleId")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var executions = db.RuleExecutions.AsNoTracking();
                if (ctx.GetArgument<string?>("ruleId") is { } ruleId)
                {
                    var id = GlobalId.TryDecode(ruleId, "AutomationRule") ?? -1;
                    executions = executions.Where(x => x.RuleId == id);
                }

                var connection = await executions.ToConnectionAsync(SortOrder<RuleExecution>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<AutomationNoticeType>>>("automationNotices")
            .Authorize(Scopes.SalesRead)
            .Description("Notifications, escalations and tasks rules left, newest first: a member sees their own; sales ops, admins and integrations see all, with the alerts of paused rules.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var notices = db.AutomationNotices.AsNoTracking();
                var actor = ctx.Actor();
                if (!AutomationNoticeVisibility.Sees(actor, recipientId: null))
                {
                    // Not a whole-tenant reader: the notices for them only (the rule of AutomationNoticeVisibility, as a query).
                    var me = actor.MemberId ?? -1;
                    notices = notices.Where(n => n.RecipientId == me);
                }

                var connection = await notices.ToConnectionAsync(SortOrder<AutomationNotice>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AutomationEventType>>>>("automationEvents")
            .Authorize(Scopes.SalesRead)
            .Description("The events rules can start on, each with the fields its conditions may name (the tenant's custom fields included). A fixed catalog, not paged.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var definitions = await db.CustomFieldDefinitions.AsNoTracking().ToListAsync(ctx.CancellationToken);
                return RuleEventCatalog.Events.Values.OrderBy(e => e.Type, StringComparer.Ordinal)
                    .Select(e => new AutomationEventView(e, RuleFacts.PathsFor(e, definitions))).ToList();
            });
    }
}
