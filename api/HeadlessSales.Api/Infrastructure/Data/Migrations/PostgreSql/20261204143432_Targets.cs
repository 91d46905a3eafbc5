using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Targets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SalesTargets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    NodeKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RegionId = table.Column<long>(type: "bigint", nullable: true),
                    TeamId = table.Column<long>(type: "bigint", nullable: true),
                    MemberId = table.Column<long>(type: "bigint", nullable: true),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    PeriodKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    ResultWeight = table.Column<int>(type: "integer", nullable: false),
                    ProcessWeight = table.Column<int>(type: "integer", nullable: false),
                    AllocationOverrideReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedById = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SalesTargets_Members_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SalesTargets_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SalesTargets_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SalesTargets_SalesTargets_ParentId",
                        column: x => x.ParentId,
                        principalTable: "SalesTargets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SalesTargets_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SalesTargets_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StrategicAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StrategicAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StrategicAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StrategicAccounts_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TargetCalibrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    RegionId = table.Column<long>(type: "bigint", nullable: false),
                    MetricKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProcessMetric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Before = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    After = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReasonText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    AffectedMetrics = table.Column<int>(type: "integer", nullable: false),
                    CalibratedById = table.Column<long>(type: "bigint", nullable: true),
                    CalibratedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CalibratedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetCalibrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetCalibrations_Members_CalibratedById",
                        column: x => x.CalibratedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TargetCalibrations_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TargetCalibrations_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TargetSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    QualityOpportunityMinAmount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    QualityOpportunityMinProbability = table.Column<int>(type: "integer", nullable: false),
                    ProposalStageCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TargetMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    TargetId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProcessMetric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Goal = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false),
                    CapPercent = table.Column<int>(type: "integer", nullable: false),
                    FloorPercent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TargetMetrics_SalesTargets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "SalesTargets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TargetMetrics_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyPlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    TargetId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyPlans_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyPlans_SalesTargets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "SalesTargets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyPlans_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyPlanItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: true),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: true),
                    KeyAction = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyPlanItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyPlanItems_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyPlanItems_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyPlanItems_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyPlanItems_WeeklyPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "WeeklyPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_CreatedById",
                table: "SalesTargets",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_MemberId",
                table: "SalesTargets",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_ParentId",
                table: "SalesTargets",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_RegionId",
                table: "SalesTargets",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_TeamId",
                table: "SalesTargets",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_TenantId_NodeKind_RegionId_TeamId_MemberId_Per~",
                table: "SalesTargets",
                columns: new[] { "TenantId", "NodeKind", "RegionId", "TeamId", "MemberId", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_TenantId_ParentId",
                table: "SalesTargets",
                columns: new[] { "TenantId", "ParentId" });

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_TenantId_PeriodStart",
                table: "SalesTargets",
                columns: new[] { "TenantId", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_StrategicAccounts_AccountId",
                table: "StrategicAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_StrategicAccounts_TenantId_AccountId",
                table: "StrategicAccounts",
                columns: new[] { "TenantId", "AccountId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TargetCalibrations_CalibratedById",
                table: "TargetCalibrations",
                column: "CalibratedById");

            migrationBuilder.CreateIndex(
                name: "IX_TargetCalibrations_RegionId",
                table: "TargetCalibrations",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetCalibrations_TenantId_RegionId_Id",
                table: "TargetCalibrations",
                columns: new[] { "TenantId", "RegionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetMetrics_TargetId",
                table: "TargetMetrics",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetMetrics_TenantId_TargetId",
                table: "TargetMetrics",
                columns: new[] { "TenantId", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetSettings_TenantId",
                table: "TargetSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlanItems_AccountId",
                table: "WeeklyPlanItems",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlanItems_OpportunityId",
                table: "WeeklyPlanItems",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlanItems_PlanId",
                table: "WeeklyPlanItems",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlanItems_TenantId_PlanId",
                table: "WeeklyPlanItems",
                columns: new[] { "TenantId", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlans_MemberId",
                table: "WeeklyPlans",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlans_TargetId",
                table: "WeeklyPlans",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlans_TenantId_MemberId_WeekStart",
                table: "WeeklyPlans",
                columns: new[] { "TenantId", "MemberId", "WeekStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyPlans_TenantId_TargetId",
                table: "WeeklyPlans",
                columns: new[] { "TenantId", "TargetId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StrategicAccounts");

            migrationBuilder.DropTable(
                name: "TargetCalibrations");

            migrationBuilder.DropTable(
                name: "TargetMetrics");

            migrationBuilder.DropTable(
                name: "TargetSettings");

            migrationBuilder.DropTable(
                name: "WeeklyPlanItems");

            migrationBuilder.DropTable(
                name: "WeeklyPlans");

            migrationBuilder.DropTable(
                name: "SalesTargets");
        }
    }
}
