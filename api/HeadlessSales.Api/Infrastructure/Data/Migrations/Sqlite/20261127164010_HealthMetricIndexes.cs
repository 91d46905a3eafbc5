using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HealthMetricIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ScheduledTimers_TenantId_Kind_AnchorAt",
                table: "ScheduledTimers",
                columns: new[] { "TenantId", "Kind", "AnchorAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OpportunityStageEntries_TenantId_LeftAt",
                table: "OpportunityStageEntries",
                columns: new[] { "TenantId", "LeftAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind",
                table: "Activities",
                columns: new[] { "TenantId", "OccurredAt", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ScheduledTimers_TenantId_Kind_AnchorAt",
                table: "ScheduledTimers");

            migrationBuilder.DropIndex(
                name: "IX_OpportunityStageEntries_TenantId_LeftAt",
                table: "OpportunityStageEntries");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind",
                table: "Activities");
        }
    }
}
