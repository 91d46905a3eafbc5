using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>The activities tables, reached as <c>db.Activities</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class ActivitiesDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<Activity> Activities => db.Set<Activity>();
        public DbSet<ActivityTag> ActivityTags => db.Set<ActivityTag>();
        public DbSet<ActivityTagLink> ActivityTagLinks => db.Set<ActivityTagLink>();
        public DbSet<FollowUpSettings> FollowUpSettings => db.Set<FollowUpSettings>();
        public DbSet<FollowUpState> FollowUpStates => db.Set<FollowUpState>();
    }
}
