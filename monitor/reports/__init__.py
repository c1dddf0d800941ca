"""Reports: the month's figures (live or frozen in a monthly snapshot), the executive report
rendered as PDF or HTML, the files kept under the instance directory, and their delivery."""
