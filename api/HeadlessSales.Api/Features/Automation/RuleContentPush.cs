using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>Where PUSH_CONTENT sends its document or case.</summary>
public enum PushTarget
{
    /// <summary>A notice to the record's owner naming the document or case.</summary>
    Owner,

    /// <summary>A share link for the rule's contact (the customer), handed to the owner in a notice to send on.</summary>
    Customer,
}

/// <summary>
/// PUSH_CONTENT: "send the tailored white paper". A document or an approved case goes to the record's owner as a
/// notice; a document can instead be shared with the customer — the contact the rule's event is about — which makes a
/// share link (the same as <c>createDocumentShareLink</c>, made by <c>rule:&lt;id&gt;</c>) and tells the owner its address,
/// since the server keeps only the token's hash and sends no mail.
/// </summary>
public static class RuleContentPush
{
    /// <summary>The save-time checks that need the database: the document exists, the case exists and is approved.</summary>
    public static async Task<List<UserError>> CheckAsync(SalesDbContext db, RuleDraft draft, Func<string, string> pathOf, CancellationToken cancellationToken)
    {
        var errors = new List<UserError>();
        var subject = RuleEventCatalog.Events.GetValueOrDefault(draft.EventType)?.Subject;
        for (var i = 0; i < draft.Actions.Count; i++)
        {
            var action = draft.Actions[i];
            if (action.Kind != RuleActionKind.PushContent)
            {
                continue;
            }

            var index = i;
            string At(string part) => $"{pathOf("actions")}[{index}].{part}";
            if ((action.DocumentId is null) == (action.CaseId is null))
            {
                errors.Add(new ValidationError(At("documentId"), "PUSH_CONTENT pushes one thing: give `documentId` or `caseId`."));
                continue;
            }

            if (action.DocumentId is { } documentId && !await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken))
            {
                errors.Add(new NotFoundError(At("documentId"), GlobalId.Encode("Document", documentId)));
            }

            if (action.CaseId is { } caseId)
            {
                var status = await db.WonCases.Where(c => c.Id == caseId).Select(c => (WonCaseStatus?)c.Status).FirstOrDefaultAsync(cancellationToken);
                if (status is null)
                {
                    errors.Add(new NotFoundError(At("caseId"), GlobalId.Encode("WonCase", caseId)));
                }
                else if (status != WonCaseStatus.Approved)
                {
                    errors.Add(new ValidationError(At("caseId"), $"Only approved cases are pushed; this one is {status.Value.ToString().ToUpperInvariant()}."));
                }
            }

            if (subject is null)
            {
                errors.Add(new ValidationError(At("kind"), "Pushing content needs a record with an owner."));
            }
            else if (action.PushTo == PushTarget.Customer && action.CaseId is not null)
            {
                errors.Add(new ValidationError(At("pushTo"), "Cases are internal: they go to the owner; only documents are shared with customers."));
            }
            else if (action.PushTo == PushTarget.Customer && subject != CustomFieldEntity.Contact)
            {
                errors.Add(new ValidationError(At("pushTo"), $"Sharing with the customer needs a rule on a contact's event (e.g. document.viewed): '{draft.EventType}' is about a {RuleEventCatalog.KindName(subject.Value)}."));
            }
        }

        return errors;
    }

    /// <summary>Stages the notice (and the link) in the run's context; returns what it did, for the log.</summary>
    public static async Task<string> RunAsync(SalesDbContext db, AutomationRule rule, RuleExecution execution, RuleAction action, int index, RuleEvent e, RecordFacts facts, bool dryRun, DateTime now, CancellationToken cancellationToken)
    {
        var owner = facts.OwnerId ?? throw new InvalidOperationException($"Action {index + 1} (PUSH_CONTENT) found nobody to reach: the record has no owner.");
        string what;
        string? shared = null;
        if (action.DocumentId is { } documentId)
        {
            var document = await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => new { d.Id, d.FileName }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Action {index + 1}: the document to push no longer exists.");
            what = $"{document.FileName} ({DocumentDownloads.PathOf(document.Id)})";
            if (action.PushTo == PushTarget.Customer)
            {
                var contactId = e.SubjectId ?? throw new InvalidOperationException($"Action {index + 1}: the event names no contact to share with.");
                if (dryRun)
                {
                    shared = "(a new share link)";
                }
                else
                {
                    var link = await DocumentSharing.StageAsync(db, document.Id, contactId, $"rule:{rule.Id}", now, DocumentShareLink.DefaultLifetimeDays, cancellationToken)
                        ?? throw new InvalidOperationException($"Action {index + 1}: the contact to share with no longer exists.");
                    shared = DocumentSharing.PathOf(link.IssuedToken!);
                }
            }
        }
        else
        {
            var caseId = action.CaseId!.Value;
            var wonCase = await db.WonCases.AsNoTracking().Where(c => c.Id == caseId && c.Status == WonCaseStatus.Approved).Select(c => new { c.Id, c.Title }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Action {index + 1}: the case to push is gone or no longer approved.");
            what = $"{wonCase.Title} ({GlobalId.Encode("WonCase", wonCase.Id)})";
        }

        var message = action.Message is { Length: > 0 } written ? RuleEngine.Fill(written, facts.Facts) + $": {what}" : $"Pushed by the rule '{rule.Name}': {what}";
        if (shared is not null)
        {
            message += $"; send the customer {shared}";
        }

        if (!dryRun)
        {
            db.Leave(new AutomationNotice
            {
                TenantId = rule.TenantId,
                Kind = NoticeKind.PushedContent,
                RuleId = rule.Id,
                ExecutionId = execution.Id,
                RecipientId = owner,
                SubjectKind = e.SubjectKind,
                SubjectId = e.SubjectId,
                Message = message.Length <= 1000 ? message : message[..1000],
                CreatedAt = now,
            });
        }

        // The log keeps no token: whoever reads the log is not whom the link is for.
        return $"PUSH_CONTENT → member {owner}: {what}{(action.PushTo == PushTarget.Customer ? $", shared with contact {e.SubjectId}" : string.Empty)}";
    }
}
