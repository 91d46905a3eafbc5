using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProcessHealthMetricsAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "FollowUpRateTarget",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.90000000000000002);

            migrationBuilder.AddColumn<int>(
                name: "FollowUpWindowDays",
                table: "ProcessHealthSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<string>(
                name: "RequiredTagCodes",
                table: "ProcessHealthSettings",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "StageDwellTargetDays",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 14.0);

            migrationBuilder.AddColumn<double>(
                name: "StageDwellWarningDays",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 7.0);

            migrationBuilder.AddColumn<double>(
                name: "TagCoverageTarget",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.80000000000000004);

            migrationBuilder.AddColumn<double>(
                name: "VideoDemoTarget",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<double>(
                name: "VideoDemoWarningBand",
                table: "ProcessHealthSettings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.29999999999999999);

            migrationBuilder.CreateTable(
                name: "HealthAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    ScopeKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScopeId = table.Column<long>(type: "INTEGER", nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    RegionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    WarningBelow = table.Column<double>(type: "REAL", nullable: false),
                    WindowFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WindowTo = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedValue = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthAlerts_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HealthThresholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopeKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScopeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Target = table.Column<double>(type: "REAL", nullable: false),
                    WarningBand = table.Column<double>(type: "REAL", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthThresholds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthThresholds_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HealthAlerts_OpenPerMetricAndScope",
                table: "HealthAlerts",
                columns: new[] { "TenantId", "Metric", "ScopeKind", "ScopeId" },
                unique: true,
                filter: "\"ResolvedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HealthAlerts_TenantId_RaisedAt",
                table: "HealthAlerts",
                columns: new[] { "TenantId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HealthAlerts_TenantId_RegionId",
                table: "HealthAlerts",
                columns: new[] { "TenantId", "RegionId" });

            migrationBuilder.CreateIndex(
                name: "IX_HealthAlerts_TenantId_TeamId",
                table: "HealthAlerts",
                columns: new[] { "TenantId", "TeamId" });

            migrationBuilder.CreateIndex(
                name: "IX_HealthThresholds_TenantId_Metric_ScopeKind_ScopeId",
                table: "HealthThresholds",
                columns: new[] { "TenantId", "Metric", "ScopeKind", "ScopeId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HealthAlerts");

            migrationBuilder.DropTable(
                name: "HealthThresholds");

            migrationBuilder.DropColumn(
                name: "FollowUpRateTarget",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "FollowUpWindowDays",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "RequiredTagCodes",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "StageDwellTargetDays",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "StageDwellWarningDays",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "TagCoverageTarget",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "VideoDemoTarget",
                table: "ProcessHealthSettings");

            migrationBuilder.DropColumn(
                name: "VideoDemoWarningBand",
                table: "ProcessHealthSettings");
        }
    }
}
