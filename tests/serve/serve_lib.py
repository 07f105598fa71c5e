"""Shared by the `infochart serve` tests: a temporary copy of some example
charts and a running server on a free port."""
import os
import shutil
import signal
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, '..', '..'))

# A bar chart with value labels (38% for 2022), an Urdu one, and one with
# facets (a donut per year: a carousel).
SPECS = ['child_share_trend', 'ur_children_forced_labour_stat', 'victims_by_age_sex_by_year']


class Server:
    """`infochart serve DIR --port 0 [OPTIONS]` on a fresh copy of SPECS (with
    their CSVs) and a themed spec; `options(DIR)` gives the OPTIONS."""

    def __init__(self, binary, extra_files=(), options=lambda charts_dir: [], env=None):
        self.tmp = tempfile.mkdtemp(prefix='infochart-serve.')
        self.dir = os.path.join(self.tmp, 'charts')
        os.mkdir(self.dir)
        for name in SPECS:
            for ext in ('.json', '.csv'):
                shutil.copy(os.path.join(SOURCE, 'datasets', name + ext), self.dir)
        # a spec drawn with an organisation theme and its logo (themes/)
        shutil.copy(os.path.join(SOURCE, 'datasets', 'child_share_trend_themed.json'), self.dir)
        os.mkdir(os.path.join(self.dir, 'themes'))
        for name in ('ngo.json', 'ngo-logo.svg'):
            shutil.copy(os.path.join(SOURCE, 'datasets', 'themes', name), os.path.join(self.dir, 'themes'))
        theme = os.path.join(self.dir, 'themes', 'ngo.json')
        with open(theme, encoding='utf-8') as f:
            text = f.read().replace('../../fonts/', os.path.join(SOURCE, 'fonts') + '/')
        with open(theme, 'w', encoding='utf-8') as f:
            f.write(text)
        for name, text in extra_files:
            with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
                f.write(text)
        self.proc = subprocess.Popen([binary, 'serve', self.dir, '--port', '0'] + options(self.dir), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, **env) if env else None)
        self.banner = self.proc.stdout.readline().strip()
        if 'http://127.0.0.1:' not in self.banner:
            self.proc.kill()
            raise RuntimeError('serve did not start: %r %r' % (self.banner, self.proc.stderr.read()))
        self.port = int(self.banner.split('http://127.0.0.1:')[1].split('/')[0])
        self.url = 'http://127.0.0.1:%d/' % self.port

    def path(self, name):
        return os.path.join(self.dir, name)

    def edit(self, name, old, new):
        """Replaces `old` by `new` in file `name` (must be there), as an editor saves."""
        p = self.path(name)
        with open(p, encoding='utf-8') as f:
            text = f.read()
        assert old in text, '%r not in %s' % (old, name)
        with open(p, 'w', encoding='utf-8') as f:
            f.write(text.replace(old, new, 1))

    def stop(self):
        """SIGTERM; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = 'did not stop'
        if rc != 0:  # what the server said, for the failure at hand
            print('serve exited with %s; its stderr:\n%s' % (rc, self.proc.stderr.read()[-4000:]))
        shutil.rmtree(self.tmp, ignore_errors=True)
        return rc


def cli_error(binary, spec):
    """The first line `infochart render SPEC` prints on stderr (its error)."""
    out = tempfile.mkdtemp(prefix='infochart-serve-render.')
    try:
        r = subprocess.run([binary, 'render', spec, '-o', os.path.join(out, 'x.png')], capture_output=True,
                           text=True)
        return r.stderr.splitlines()[0] if r.stderr else ''
    finally:
        shutil.rmtree(out, ignore_errors=True)
