using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HealthDwellTeamIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_HealthDwellRows_TenantId_TeamId_Day_MemberId_StageId_Bucket~",
                table: "HealthDwellRows",
                columns: new[] { "TenantId", "TeamId", "Day", "MemberId", "StageId", "Bucket", "Seconds", "Stays" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HealthDwellRows_TenantId_TeamId_Day_MemberId_StageId_Bucket~",
                table: "HealthDwellRows");
        }
    }
}
