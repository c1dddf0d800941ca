"""The matching engine: how alike two marks are (text, sound, Hanzi, logos, goods) and why.

Imports nothing from the rest of `infringement`, nor `coverage`, Flask, Scrapy or `monitor`.
"""
