using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BehaviourMetricIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_ActivityTagLinks_TenantId_TagCode_OccurredAt_MemberId_ActivityId",
                table: "ActivityTagLinks",
                columns: new[] { "TenantId", "TagCode", "OccurredAt", "MemberId", "ActivityId" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind_Outcome_NextStep",
                table: "Activities",
                columns: new[] { "TenantId", "MemberId", "OccurredAt", "Kind", "Outcome", "NextStep" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_MemberId_SubjectKind_SubjectId_OccurredAt",
                table: "Activities",
                columns: new[] { "TenantId", "MemberId", "SubjectKind", "SubjectId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ActivityTagLinks_TenantId_TagCode_OccurredAt_MemberId_ActivityId",
                table: "ActivityTagLinks");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind_Outcome_NextStep",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_MemberId_SubjectKind_SubjectId_OccurredAt",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind",
                table: "Activities",
                columns: new[] { "TenantId", "MemberId", "OccurredAt", "Kind" });
        }
    }
}
