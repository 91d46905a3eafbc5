using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContributionPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseCoachingUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    OpportunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CoachedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseCoachingUses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseCoachingUses_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseCoachingUses_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseCoachingUses_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseCoachingUses_WonCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "WonCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContributionSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovalPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    CoachedWinPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributionSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContributionSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RewardCatalogItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RewardCatalogItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RewardCatalogItems_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointsRedemptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeciderId = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointsRedemptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointsRedemptions_IncentiveEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "IncentiveEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsRedemptions_Members_DeciderId",
                        column: x => x.DeciderId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsRedemptions_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsRedemptions_RewardCatalogItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "RewardCatalogItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsRedemptions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseCoachingUses_CaseId",
                table: "CaseCoachingUses",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseCoachingUses_MemberId",
                table: "CaseCoachingUses",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseCoachingUses_OpportunityId",
                table: "CaseCoachingUses",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseCoachingUses_TenantId_CaseId_OpportunityId",
                table: "CaseCoachingUses",
                columns: new[] { "TenantId", "CaseId", "OpportunityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseCoachingUses_TenantId_OpportunityId",
                table: "CaseCoachingUses",
                columns: new[] { "TenantId", "OpportunityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContributionSettings_TenantId",
                table: "ContributionSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_DeciderId",
                table: "PointsRedemptions",
                column: "DeciderId");

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_EntryId",
                table: "PointsRedemptions",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_ItemId",
                table: "PointsRedemptions",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_MemberId",
                table: "PointsRedemptions",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_TenantId_MemberId_Sequence",
                table: "PointsRedemptions",
                columns: new[] { "TenantId", "MemberId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PointsRedemptions_TenantId_Status_Id",
                table: "PointsRedemptions",
                columns: new[] { "TenantId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RewardCatalogItems_TenantId_Name",
                table: "RewardCatalogItems",
                columns: new[] { "TenantId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseCoachingUses");

            migrationBuilder.DropTable(
                name: "ContributionSettings");

            migrationBuilder.DropTable(
                name: "PointsRedemptions");

            migrationBuilder.DropTable(
                name: "RewardCatalogItems");
        }
    }
}
