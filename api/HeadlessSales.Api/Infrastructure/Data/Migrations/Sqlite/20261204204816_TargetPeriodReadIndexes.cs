using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TargetPeriodReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PaymentCollections_TenantId_ReceivedOn",
                table: "PaymentCollections",
                columns: new[] { "TenantId", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_OpportunityStageEntries_TenantId_FromStageId_EnteredAt_Kind_OpportunityId",
                table: "OpportunityStageEntries",
                columns: new[] { "TenantId", "FromStageId", "EnteredAt", "Kind", "OpportunityId" });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Created_Owner_Quality",
                table: "Opportunities",
                columns: new[] { "TenantId", "CreatedAt", "OwnerId", "Probability", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_Contracts_TenantId_SignedAt",
                table: "Contracts",
                columns: new[] { "TenantId", "SignedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PaymentCollections_TenantId_ReceivedOn",
                table: "PaymentCollections");

            migrationBuilder.DropIndex(
                name: "IX_OpportunityStageEntries_TenantId_FromStageId_EnteredAt_Kind_OpportunityId",
                table: "OpportunityStageEntries");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Created_Owner_Quality",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Contracts_TenantId_SignedAt",
                table: "Contracts");
        }
    }
}
