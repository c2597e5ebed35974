using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Arena.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScoringClaimRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ScoringRenewedAt",
                table: "Submissions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScoringRenewedAt",
                table: "Submissions");
        }
    }
}
