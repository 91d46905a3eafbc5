using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// Who sees a case: an approved one is the tenant's library, read by every reader of the tenant; before that, whoever
/// sees its author's records, and the quality team (reviewers) who decide it.
/// </summary>
public static class WonCaseVisibility
{
    public static IQueryable<WonCase> Visible(SalesDbContext db, Actor actor)
    {
        if (db.SeesWholeTenant || IsReviewer(actor))
        {
            return db.WonCases;
        }

        var owners = db.VisibleOwnerIds;
        return db.WonCases.Where(c => c.Status == WonCaseStatus.Approved || owners.Contains(c.AuthorId));
    }

    public static bool IsReviewer(Actor actor) => actor.Kind == ActorKind.Member && actor.Role == MemberRole.Reviewer;
}
