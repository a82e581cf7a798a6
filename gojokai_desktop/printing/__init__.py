"""PDF output with ReportLab: fonts, form templates, reports and labels."""
