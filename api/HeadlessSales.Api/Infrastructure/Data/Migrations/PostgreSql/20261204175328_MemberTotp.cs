using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MemberTotp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PendingTotpSecret",
                table: "MemberCredentials",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "RecoveryCodeHashes",
                table: "MemberCredentials",
                type: "text[]",
                maxLength: 1000,
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<DateTime>(
                name: "TotpEnabledAt",
                table: "MemberCredentials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "MemberCredentials",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TotpSecret",
                table: "MemberCredentials",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingTotpSecret",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "RecoveryCodeHashes",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpEnabledAt",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpLastStep",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpSecret",
                table: "MemberCredentials");
        }
    }
}
