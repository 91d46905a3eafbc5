using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The case library's tables, reached as <c>db.WonCases</c> once this namespace is in scope.</summary>
public static class EnablementDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<WonCase> WonCases => db.Set<WonCase>();
        public DbSet<WonCaseVersion> WonCaseVersions => db.Set<WonCaseVersion>();
        public DbSet<ContributionSettings> ContributionSettings => db.Set<ContributionSettings>();
        public DbSet<CaseCoachingUse> CaseCoachingUses => db.Set<CaseCoachingUse>();
        public DbSet<RewardCatalogItem> RewardCatalogItems => db.Set<RewardCatalogItem>();
        public DbSet<PointsRedemption> PointsRedemptions => db.Set<PointsRedemption>();
        public DbSet<LearningPathItem> LearningPathItems => db.Set<LearningPathItem>();
        public DbSet<PracticeTask> PracticeTasks => db.Set<PracticeTask>();
        public DbSet<PracticeSubmission> PracticeSubmissions => db.Set<PracticeSubmission>();
        public DbSet<CaseObligation> CaseObligations => db.Set<CaseObligation>();
        public DbSet<TrainingCourse> TrainingCourses => db.Set<TrainingCourse>();
    }
}
