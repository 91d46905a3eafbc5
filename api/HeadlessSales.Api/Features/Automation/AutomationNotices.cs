using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>A rule left a notice (or the engine an alert): journaled in the run's transaction, pushed to subscribers once it commits.</summary>
public sealed record AutomationNoticeReceived(
    long TenantId, long NoticeId, NoticeKind Kind, long RuleId, long ExecutionId, long? RecipientId, CustomFieldEntity? SubjectKind, long? SubjectId,
    string Message, DateTime? DueAt, DateTime OccurredAt) : IDomainEvent
{
    public const string Name = "automation-notice.created";

    public AutomationNotice ToNotice() => new()
    {
        Id = NoticeId, TenantId = TenantId, Kind = Kind, RuleId = RuleId, ExecutionId = ExecutionId, RecipientId = RecipientId,
        SubjectKind = SubjectKind, SubjectId = SubjectId, Message = Message, DueAt = DueAt, CreatedAt = OccurredAt,
    };
}

/// <summary>Who sees a notice, in lists and on the subscription alike: the member it is for; whole-tenant readers see all, alerts included.</summary>
public static class AutomationNoticeVisibility
{
    public static bool Sees(Actor actor, long? recipientId) => actor.VisibleOwnerIds is null || (recipientId is { } recipient && recipient == actor.MemberId);

    /// <summary>Leaves <paramref name="notice"/> in the context's next save and journals it there, so it is pushed only if that commits.</summary>
    public static void Leave(this SalesDbContext db, AutomationNotice notice)
    {
        db.AutomationNotices.Add(notice);
        db.Journal(() => new AutomationNoticeReceived(notice.TenantId, notice.Id, notice.Kind, notice.RuleId, notice.ExecutionId, notice.RecipientId,
            notice.SubjectKind, notice.SubjectId, notice.Message, notice.DueAt, notice.CreatedAt));
    }
}

public sealed class AutomationNoticeReceivedEventType : ObjectGraphType<AutomationNoticeReceived>
{
    public AutomationNoticeReceivedEventType()
    {
        Name = "AutomationNoticeReceivedEvent";
        Description = "A notice a rule just left (or an alert that a rule was paused), as `automationNotices` lists it.";
        Field<NonNullGraphType<AutomationNoticeType>>("notice").Resolve(ctx => ctx.Source.ToNotice());
    }
}

/// <summary>Notices as rules leave them.</summary>
public sealed class AutomationSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<AutomationNoticeReceivedEventType>>("onAutomationNoticeReceived")
            .Authorize(Scopes.SalesRead)
            .Description("Notifications, escalations and tasks rules leave for the caller (a member), as they are left; sales ops, admins and integrations hear every notice, with the alerts of paused rules.")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                return events.Observe<AutomationNoticeReceived>(e => e.TenantId == actor.TenantId && AutomationNoticeVisibility.Sees(actor, e.RecipientId));
            });
    }
}
