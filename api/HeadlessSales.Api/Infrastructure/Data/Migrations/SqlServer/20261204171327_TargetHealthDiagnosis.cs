using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TargetHealthDiagnosis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TargetHealthFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    Rule = table.Column<string>(type: "nvarchar(48)", maxLength: 48, nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    SubjectKey = table.Column<long>(type: "bigint", nullable: false),
                    TeamId = table.Column<long>(type: "bigint", nullable: true),
                    RegionId = table.Column<long>(type: "bigint", nullable: true),
                    Summary = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Suggestion = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Records = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Figures = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    WindowFrom = table.Column<DateTime>(type: "datetime2", nullable: false),
                    WindowTo = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetHealthFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetHealthFindings_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TargetHealthFindings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TargetHealthThresholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    ConsecutiveWeeks = table.Column<int>(type: "int", nullable: false),
                    WeeklyOpportunityGoal = table.Column<int>(type: "int", nullable: false),
                    ConversionShareOfTeamMean = table.Column<double>(type: "float", nullable: false),
                    ConversionLookbackWeeks = table.Column<int>(type: "int", nullable: false),
                    SplitWindowDays = table.Column<int>(type: "int", nullable: false),
                    SplitMinContracts = table.Column<int>(type: "int", nullable: false),
                    SplitAmountBelow = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    SlipDays = table.Column<int>(type: "int", nullable: false),
                    SlipMinCollections = table.Column<int>(type: "int", nullable: false),
                    SlipShare = table.Column<double>(type: "float", nullable: false),
                    CoverageWeeks = table.Column<int>(type: "int", nullable: false),
                    CoverageDropShare = table.Column<double>(type: "float", nullable: false),
                    CoverageMinAccounts = table.Column<int>(type: "int", nullable: false),
                    SpikeShare = table.Column<double>(type: "float", nullable: false),
                    SpikeMinSignings = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetHealthThresholds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetHealthThresholds_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TargetHealthFindings_MemberId",
                table: "TargetHealthFindings",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetHealthFindings_OpenPerRuleAndSubject",
                table: "TargetHealthFindings",
                columns: new[] { "TenantId", "Rule", "MemberId", "SubjectKey" },
                unique: true,
                filter: "\"ResolvedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TargetHealthFindings_TenantId_MemberId",
                table: "TargetHealthFindings",
                columns: new[] { "TenantId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetHealthFindings_TenantId_RaisedAt",
                table: "TargetHealthFindings",
                columns: new[] { "TenantId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetHealthThresholds_TenantId",
                table: "TargetHealthThresholds",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TargetHealthFindings");

            migrationBuilder.DropTable(
                name: "TargetHealthThresholds");
        }
    }
}
