// The Reports module: the self-contained HTML report and the XLSX workbook.
