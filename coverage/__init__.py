"""Portfolio domain: products, patents, trademarks, offices and markets; import, coverage and layout.

Pure domain code: imports no Flask, Werkzeug, Scrapy, APScheduler, `monitor`, `crawlers` or `infringement`.
"""
