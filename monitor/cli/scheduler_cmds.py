"""`ipwatch scheduler`, `ipwatch crawl-worker` and `ipwatch demo-site`: long-running processes."""

from __future__ import annotations

import click
from flask import current_app


def register(group: click.Group) -> None:
    for command in (scheduler, crawl_worker, demo_site):
        group.add_command(command)


@click.command()
def scheduler() -> None:
    """Run the scheduler on its own (when web servers run with IPWATCH_SCHEDULER=0)."""
    from monitor.scheduler import run_blocking

    run_blocking(current_app._get_current_object())  # type: ignore[attr-defined]


@click.command("crawl-worker")
@click.option("--once", is_flag=True, help="Exit once the crawls it joined have ended.")
@click.option("--set", "settings", multiple=True, metavar="SETTING=VALUE", help="Scrapy setting.")
def crawl_worker(once: bool, settings: tuple[str, ...]) -> None:
    """Fetch pages for distributed crawls (IPWATCH_REDIS_URL), on this or any machine."""
    from monitor.monitoring.distributed import run_worker

    url = str(current_app.config["REDIS_URL"])
    if not url:
        raise click.ClickException("set IPWATCH_REDIS_URL (e.g. redis://127.0.0.1:6379/0) first")
    raise SystemExit(run_worker(url, once=once, settings=settings))


@click.command("demo-site")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, show_default=True, type=int)
def demo_site(host: str, port: int) -> None:
    """Serve the bundled demo marketplace (what the demo-market source crawls)."""
    from monitor.demo_site import serve_demo_site

    serve_demo_site(host=host, port=port)
