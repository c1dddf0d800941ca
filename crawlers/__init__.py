"""Scrapy project: spiders driven by source files. Collects and normalises only; never imports `monitor`, Flask, APScheduler, `coverage` or `infringement`."""
