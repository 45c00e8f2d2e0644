"""A person at the Odoo 11 web client, in headless Chromium: small helpers for the walks.

Every helper does what a person does (types in the login form, clicks menus, list rows, header
and dialog buttons) and waits for what a person waits for (the page to show the result). Each
step of a walk runs in `walk.step(...)`: afterwards Chrome's console log is read and any SEVERE
entry fails the walk, naming the step. Selectors are language-independent (menu XML ids,
button and field names), so a walk runs the same in English and in Simplified Chinese; what a
person reads (labels, states) is asserted in the user's language.
"""
import contextlib
import io
import os
import re
import time
import urllib.request
import xmlrpc.client

from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException, InvalidElementStateException,
                                        NoSuchElementException, StaleElementReferenceException,
                                        TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ.get('SALES_PROCESS_WALK_URL', 'http://127.0.0.1:8069')
DB = os.environ.get('SALES_PROCESS_WALK_DB', 'sales_process')
CHROMIUM = os.environ.get('SALES_PROCESS_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('SALES_PROCESS_CHROMEDRIVER', '/usr/bin/chromedriver')
# The demo database's administrator (configuration only), used to prepare a walk's users
ADMIN = ('admin', 'admin')
WINDOW = (1280, 800)
MY_APPROVALS = 'sales_process.mail_activity_menu_my_sales_approvals'  # the menu of every role's to-dos
TIMEOUT = 60  # seconds: a busy 2-core machine may build several databases beside the walks

# Chromium flags that work in containers and CI: headless, no sandbox (root), nothing that
# reaches the internet on its own
CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                  '--disable-quic', '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--disable-extensions',
                  '--lang=en-US', '--window-size=%d,%d' % WINDOW]


# The screen's list (not a form's one2many, not a dialog's), and its visible rows, in JavaScript
MAIN_LIST = ("var list = Array.from(document.querySelectorAll('.o_view_manager_content .o_list_view'))"
             ".filter(function (table) { return table.offsetParent !== null"
             " && !table.closest('.o_form_view, .modal'); })[0] || null;")
MAIN_ROWS = MAIN_LIST + ("var rows = list ? Array.from(list.querySelectorAll('tbody tr.o_data_row'))"
                         ".filter(function (row) { return row.offsetParent !== null; }) : [];")


class WalkError(AssertionError):
    """What a person would see as wrong: an error dialog, a console error, a missing element."""


class Admin:
    """The administrator's XML-RPC, to prepare what a person would have set up beforehand
    (a user's language) and to find records; never to act in the walk's place."""

    def __init__(self):
        common = xmlrpc.client.ServerProxy('%s/xmlrpc/2/common' % URL)
        self.uid = common.authenticate(DB, ADMIN[0], ADMIN[1], {})
        if not self.uid:
            raise WalkError('the administrator cannot log in to %s at %s' % (DB, URL))
        self.models = xmlrpc.client.ServerProxy('%s/xmlrpc/2/object' % URL, allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(DB, self.uid, ADMIN[1], model, method, list(args), kwargs)

    def set_language(self, login, lang):
        user_ids = self.call('res.users', 'search', [('login', '=', login)])
        if not user_ids:
            raise WalkError('no user %s in %s' % (login, DB))
        self.call('res.users', 'write', user_ids, {'lang': lang})

    def date_text(self, lang, day):
        """A date (datetime.date) as a person of the language `lang` types it (its date format:
        12/31/2026 in English, 2026年12月31日 in Simplified Chinese)."""
        date_format = self.call('res.lang', 'search_read', [('code', '=', lang)],
                                fields=['date_format'])[0]['date_format']
        return day.strftime(date_format)


class Browser:
    """One Chromium window and the walk's record: its steps, console entries and screenshots."""

    def __init__(self, name, artifacts_dir, screenshots_dir=None):
        self.name = name
        self.artifacts_dir = artifacts_dir
        self.screenshots_dir = screenshots_dir
        self.download_dir = os.path.join(artifacts_dir, name, 'downloads')
        os.makedirs(self.download_dir, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_experimental_option('prefs', {
            'download.default_directory': self.download_dir,
            'download.prompt_for_download': False,
            'plugins.always_open_pdf_externally': True,  # a PDF is downloaded, not displayed
            'intl.accept_languages': 'en-US,en',
        })
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_window_size(*WINDOW)
        # the page itself is WINDOW large (the window's size includes its frame)
        self.driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
            'width': WINDOW[0], 'height': WINDOW[1], 'deviceScaleFactor': 1, 'mobile': False})
        self.driver.execute_cdp_cmd('Page.setDownloadBehavior', {
            'behavior': 'allow', 'downloadPath': self.download_dir})
        self.admin = Admin()
        self.console = []        # every console entry: (step, level, message)
        self.console_errors = []  # the SEVERE ones
        self.current_step = None
        self.steps = []
        self.login_name = None

    def quit(self):
        self.driver.quit()

    # The walk's record ----------------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, title):
        """A step of the walk: the console entries logged while it ran are read afterwards; a
        SEVERE one fails it. Those logged before it belong to what came before (a step of the
        same title included)."""
        self.read_console()
        self.current_step = '%s: %s' % (self.login_name or '-', title)
        first = len(self.console_errors)
        started = time.time()
        yield
        self.wait_idle()
        self.read_console()
        self.steps.append((self.current_step, time.time() - started))
        self.check_console(first)

    def check_console(self, first):
        """Fail with the SEVERE console entries read since the entry `first` (an index)."""
        errors = self.console_errors[first:]
        if errors:
            raise WalkError('console errors in the step "%s":\n%s' % (
                self.current_step, '\n'.join(message for _step, _level, message in errors)))

    def read_console(self):
        for entry in self.driver.get_log('browser'):
            record = (self.current_step, entry['level'], entry['message'])
            self.console.append(record)
            if entry['level'] == 'SEVERE':
                self.console_errors.append(record)

    def save_failure(self):
        """The screen and the console log, kept for whoever reads a failed run; return the folder."""
        folder = os.path.join(self.artifacts_dir, self.name)
        os.makedirs(folder, exist_ok=True)
        with contextlib.suppress(Exception):
            self.read_console()
        with contextlib.suppress(Exception):
            self.driver.save_screenshot(os.path.join(folder, 'failure.png'))
        with contextlib.suppress(Exception):
            with open(os.path.join(folder, 'page.html'), 'w') as handle:
                handle.write(self.driver.page_source)
        with open(os.path.join(folder, 'console.log'), 'w') as handle:
            for step, level, message in self.console:
                handle.write('[%s] %s %s\n' % (step, level, message))
        return folder

    def screenshot(self, name):
        """A named screenshot for the README's tour, when SALES_PROCESS_SCREENSHOTS names a folder."""
        if not self.screenshots_dir:
            return
        os.makedirs(self.screenshots_dir, exist_ok=True)
        self.wait_idle()
        time.sleep(0.5)  # let the last animation (a dialog, a dropdown) settle
        self.driver.save_screenshot(os.path.join(self.screenshots_dir, '%s.png' % name))

    # Waiting --------------------------------------------------------------------------------

    def wait(self, condition, message, timeout=TIMEOUT):
        """Wait until condition(driver) is truthy; an error dialog on the way fails at once."""
        def check(driver):
            self.raise_error_dialog()
            try:
                return condition(driver)
            except (NoSuchElementException, StaleElementReferenceException):
                return False
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(check)
        except TimeoutException:
            raise WalkError('%s: still not there after %d s' % (message, timeout)) from None

    def wait_idle(self):
        """No RPC under way: Odoo shows its "Loading" indicator meanwhile (and blocks the UI
        after 3 s). The indicator is `position: fixed`: its offsetParent is null even while it
        shows, so whether it is displayed is read from its boxes (none once hidden)."""
        self.wait(lambda driver: driver.execute_script(
            "var loading = document.querySelector('.o_loading');"
            "return document.readyState === 'complete' && !document.querySelector('.blockUI')"
            " && !(loading && loading.getClientRects().length > 0);"), 'the page to finish loading')

    def raise_error_dialog(self):
        """An Odoo warning or error dialog (UserError, server error) fails the walk with its text."""
        for dialog in self.driver.find_elements(By.CSS_SELECTOR, '.modal.in .o_dialog_warning, '
                                                '.modal.in .o_error_detail, .modal.in .o_dialog_error'):
            if dialog.is_displayed():
                raise WalkError('Odoo shows an error: %s' % dialog.text)

    def find(self, css, within=None, visible=True):
        """The first (visible) element matching css, waiting for it."""
        def found(_driver):
            for element in (within or self.driver).find_elements(By.CSS_SELECTOR, css):
                if not visible or element.is_displayed():
                    return element
            return False
        return self.wait(found, 'the element %s' % css)

    def visible(self, css):
        """The elements matching css that are on screen (those re-rendered meanwhile left out)."""
        return [element for element in self.driver.find_elements(By.CSS_SELECTOR, css)
                if not gone(element)]

    def click(self, target):
        """Click an element, a CSS selector's first visible match, or what a function finds:
        found again when the page re-rendered it in the meantime."""
        def clicked(_driver):
            element = (self.find(target) if isinstance(target, str)
                       else target() if callable(target) else target)
            if not element:
                return False
            try:
                element.click()
                return True
            except ElementClickInterceptedException:  # an animation or overlay not gone yet
                return False
        self.wait(clicked, 'a clickable %s' % (target if isinstance(target, str) else
                                               getattr(target, 'text', 'element')))
        self.wait_idle()

    # Logging in and out ---------------------------------------------------------------------

    def login(self, login, lang=None):
        """Log in through the login form; lang: the user's language, set beforehand. A console
        error while the web client loads fails the walk like a step's."""
        if lang:
            self.admin.set_language(login, lang)
        self.read_console()
        self.login_name = login
        self.current_step = '%s: login' % login
        first = len(self.console_errors)
        self.driver.get('%s/web/login?db=%s' % (URL, DB))
        self.wait_login_page()
        self.find('input[name=login]').send_keys(login)
        self.find('input[name=password]').send_keys(login)  # the demo users: password = login
        self.click('.oe_login_form button[type=submit]')
        self.wait(lambda driver: driver.find_elements(By.CSS_SELECTOR, '.o_web_client .o_content > *'),
                  'the web client after logging in as %s' % login)
        self.wait_idle()
        self.read_console()
        self.check_console(first)

    def wait_login_page(self):
        """The login form, its page's own requests (templates, translations) answered: one
        still under way when the form is sent would be answered with the session of before."""
        self.wait(lambda driver: self.visible('.oe_login_form') and driver.execute_script(
            "var services = window.odoo && odoo.__DEBUG__ && odoo.__DEBUG__.services;"
            "var session = services && services['web.session'];"
            "return document.readyState === 'complete' && !(window.jQuery && jQuery.active)"
            " && !(session && session.is_bound && session.is_bound.state() === 'pending');"),
            'the login page')

    @contextlib.contextmanager
    def logged_in(self, login, lang=None):
        """The steps inside are `login`'s (in `lang` when given); logged out afterwards."""
        self.login(login, lang=lang)
        yield self
        self.logout()

    def logout(self):
        """Log out: the page the user menu's "Log out" leads to (quicker than the menu, which
        the last step of the transfer walk uses: logout_from_menu).

        The web client is left first (a blank page): its requests end while the session is
        still valid. Else one of them (the top bar's counters, refreshed by the long-polling
        bus when the step's own changes are notified) could reach the server once the session
        has ended and be answered "Odoo Session Expired" on the page being left. The cookies
        go last: the next login starts a session of its own."""
        self.wait_idle()
        self.read_console()
        self.current_step = '%s: logout' % self.login_name
        first = len(self.console_errors)
        self.driver.get('about:blank')
        self.driver.get('%s/web/session/logout' % URL)
        self.wait_login_page()
        self.driver.delete_all_cookies()
        self.read_console()
        self.login_name = None
        self.check_console(first)

    def logout_from_menu(self):
        """Log out as a person does: the user menu's "Log out" (its console read like any step's)."""
        self.wait_idle()
        self.click('.o_user_menu > a')
        self.click('.o_user_menu a[data-menu="logout"]')
        self.wait(lambda driver: driver.find_elements(By.CSS_SELECTOR, '.oe_login_form'),
                  'the login page after logging out')
        self.read_console()
        self.login_name = None

    # Menus, lists, forms --------------------------------------------------------------------

    @contextlib.contextmanager
    def new_view(self):
        """What runs inside replaces the screen's view: wait for the old one to go, then for the
        new one (else a wait could be satisfied by the screen being left)."""
        old = [element for element in self.driver.find_elements(
            By.CSS_SELECTOR, '.o_view_manager_content > *') if element.is_displayed()] or \
            self.driver.find_elements(By.CSS_SELECTOR, '.o_content > *')
        yield
        self.wait(lambda _driver: all(gone(element) for element in old), 'the next screen')
        self.wait_view()

    def menu_text(self, xmlid):
        """The name of a menu: an app, a section of the side bar (e.g. Duties) or an entry."""
        return self.driver.execute_script(
            "var link = document.querySelector('[data-menu-xmlid=\"' + arguments[0] + '\"]');"
            "return link ? link.textContent.trim() : null;", xmlid)

    def open_menu(self, *xmlids):
        """Click the app in the top bar, then the menu in the side bar: ('module.app', 'module.leaf')."""
        app, leaves = xmlids[0], xmlids[1:]
        link = 'a[data-menu-xmlid="%s"]' % app
        if not self.visible(link) and self.visible('#menu_more_container > a'):
            self.click('#menu_more_container > a')  # the app is under "More" on a narrow screen
        with self.new_view():
            self.click(link)
        for leaf in leaves:
            self.unfold_menu(leaf)
            with self.new_view():
                self.click('.o_sub_menu a[data-menu-xmlid="%s"]' % leaf)

    def unfold_menu(self, xmlid):
        """Unfold the side bar's folded entries holding the entry `xmlid` (Duties > Receivables >
        Receivables Aging: Receivables unfolds on a click)."""
        for toggler in self.driver.execute_script(
                "var link = document.querySelector("
                "'.o_sub_menu a[data-menu-xmlid=\"' + arguments[0] + '\"]');"
                "var togglers = [], list = link && link.closest('ul.oe_secondary_submenu.o_hidden');"
                "while (list) { togglers.unshift(list.previousElementSibling);"
                " list = list.parentElement.closest('ul.oe_secondary_submenu.o_hidden'); }"
                "return togglers;", xmlid):
            self.click(toggler)

    def wait_view(self):
        self.wait(lambda driver: driver.find_elements(
            By.CSS_SELECTOR, '.o_view_manager_content .oe_view_nocontent, '
            '.o_view_manager_content .o_list_view, .o_view_manager_content .o_kanban_view, '
            '.o_view_manager_content .o_form_view, .o_view_manager_content .o_pivot, '
            '.o_view_manager_content .o_graph, .o_view_manager_content .o_calendar_view'),
            'the view of the action')
        self.wait_idle()

    def switch_view(self, view_type):
        with self.new_view():
            self.click('.o_cp_switch_buttons [data-view-type="%s"]' % view_type)

    def breadcrumb(self):
        return [item.text for item in self.visible('.o_control_panel .breadcrumb li')]

    def back(self, index=-2):
        """Click a breadcrumb (the previous one by default)."""
        items = self.visible('.o_control_panel .breadcrumb li')
        with self.new_view():
            self.click(items[index].find_element(By.CSS_SELECTOR, 'a'))

    def remove_filters(self):
        """Remove the search view's facets (e.g. the action's default filter)."""
        while self.visible('.o_searchview_facet .o_facet_remove'):
            self.click('.o_searchview_facet .o_facet_remove')

    def search(self, text):
        box = self.find('.o_searchview_input')
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        self.wait_idle()

    def list_rows(self):
        """The text of each row of the screen's list, one string per row, cells joined by ' | '."""
        self.wait(lambda _driver: self.driver.execute_script(MAIN_LIST + 'return list !== null;'),
                  'a list')
        self.wait_idle()
        # read in one go: the list may be rendered again meanwhile
        return self.driver.execute_script(
            MAIN_ROWS + "return rows.map(function (row) { return Array.from(row.querySelectorAll('td'))"
            ".map(function (cell) { return cell.innerText.trim(); }).filter(Boolean).join(' | '); });")

    def pivot(self):
        """The pivot on screen: (its measures' headers, its rows [(row header, [cell texts])]).
        A row's cells run through the columns' groups, each showing every measure, the totals'
        last; its header is the row's group ("Total" for the whole)."""
        self.wait(lambda _driver: self.visible('.o_view_manager_content .o_pivot table tbody tr'),
                  'a pivot table')
        self.wait_idle()
        return self.driver.execute_script(
            "var table = document.querySelector('.o_view_manager_content .o_pivot table');"
            "var measures = Array.from(table.querySelectorAll('thead tr:last-child th'))"
            ".map(function (cell) { return cell.innerText.trim(); });"
            "var rows = Array.from(table.querySelectorAll('tbody tr')).map(function (row) {"
            " var header = row.querySelector('td.o_pivot_header_cell_opened, td.o_pivot_header_cell_closed');"
            " return [header ? header.innerText.trim() : '', Array.from(row.querySelectorAll("
            "'td.o_pivot_cell_value')).map(function (cell) { return cell.innerText.trim(); })]; });"
            "return [measures, rows];")

    def pivot_totals(self, header):
        """{measure header: the total column's text} of the pivot's row `header` (the first
        whose header contains it), waiting for the row."""
        def row(_driver):
            measures, rows = self.pivot()
            found = next((cells for name, cells in rows if header in name), None)
            return found and (measures, found)
        measures, cells = self.wait(row, 'the pivot row %s' % header)
        # the header row of the measures repeats them per column group: the totals are last
        count = len(set(measures))
        return dict(zip(measures[-count:], cells[-count:]))

    def dialog_rows(self):
        """The text of each row of the list in the open dialog (a wizard's preview)."""
        self.wait(lambda _driver: self.visible('.modal.in .o_list_view tbody tr.o_data_row'),
                  'the rows of the dialog\'s list')
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('.modal.in .o_list_view tbody tr.o_data_row'))"
            ".map(function (row) { return Array.from(row.querySelectorAll('td'))"
            ".map(function (cell) { return cell.innerText.trim(); }).filter(Boolean).join(' | '); });")

    def list_row(self, *texts):
        """The first row of the screen's list showing all the texts; waits for it."""
        return self.wait(lambda _driver: self.driver.execute_script(
            MAIN_ROWS + "var texts = arguments[0]; return rows.filter(function (row) {"
            " return texts.every(function (text) { return row.innerText.indexOf(text) >= 0; });"
            " })[0] || null;", list(texts)), 'a list row with %s' % ', '.join(texts))

    def click_in_row(self, css, *texts):
        """Click the element `css` of the row showing the texts."""
        self.click(lambda: self.list_row(*texts).find_element(By.CSS_SELECTOR, css))

    def open_row(self, *texts, css='td:not(.o_list_record_selector)'):
        """Open the row showing the texts (or click its element css), then wait for the form.

        Clicked again if no form came: Odoo 11 may render a list twice (a menu's server action
        is run again when the URL changes), and the first click then fell on the old list.
        """
        for attempt in range(3):
            self.click_in_row(css, *texts)
            try:
                return self.wait(lambda _driver: self.visible('.o_view_manager_content .o_form_view'),
                                 'the form of the row %s' % ', '.join(texts), timeout=10)
            except WalkError:
                if attempt == 2 or not self.visible('.o_list_view'):
                    raise
            finally:
                self.wait_idle()

    def select_row(self, *texts):
        self.click_in_row('.o_list_record_selector input', *texts)

    def create(self):
        """The Create button: the selector of the new line of an editable list, else None (a form
        opened)."""
        self.click('.o_cp_buttons .o_list_button_add, .o_cp_buttons .o-kanban-button-new, '
                   '.o_cp_buttons .o_form_button_create')
        found = self.wait(lambda driver: self.visible('.o_list_view tr.o_selected_row') or self.visible(
            '.o_view_manager_content .o_form_view.o_form_editable'), 'a new line or form')
        self.wait_idle()
        editing = '.o_list_view tr.o_selected_row'
        return editing if 'o_selected_row' in (found[0].get_attribute('class') or '') else None

    def create_record(self, values, lines=None, state=None):
        """Create > the form's values {field: value}, the lines {one2many: [{field: value}]}
        > Save; wait for the state `state` (the status bar's label) when given; return the
        record's name (None for a record without one)."""
        self.create()
        self.wait_form(editable=True)
        self.fill(values)
        for field_name, rows in (lines or {}).items():
            for row in rows:
                self.add_line(field_name, row)
        self.save()
        if state:
            self.wait_state(state)
        if self.visible('.o_view_manager_content .o_form_view .o_field_widget[name="name"]'):
            return self.field_text('name')
        return None

    def open_record(self, menu, name, view=None, all_records=False):
        """Sales Process > menu, (the view `view`,) without the default filters when
        all_records, searched for `name`: the record opened; wait for its form."""
        self.open_menu('sales_process.menu_root', menu)
        if view:
            self.switch_view(view)
        if all_records:
            self.remove_filters()
        self.search(name)
        self.open_row(name)

    def wait_form(self, editable=None):
        css = '.o_view_manager_content .o_form_view'
        if editable is True:
            css += '.o_form_editable'
        elif editable is False:
            css += '.o_form_readonly'
        self.wait(lambda driver: [form for form in driver.find_elements(By.CSS_SELECTOR, css)
                                  if form.is_displayed()], 'the form')
        self.wait_idle()

    def save(self):
        """The Save button of the form, or of the editable list, on screen."""
        if self.visible('.o_cp_buttons .o_list_button_save'):
            self.click('.o_cp_buttons .o_list_button_save')
            self.wait(lambda _driver: not self.visible('.o_list_view tr.o_selected_row'),
                      'the list line saved')
            self.wait_idle()
            return
        self.click('.o_cp_buttons .o_form_button_save')
        self.wait_form(editable=False)

    def edit(self):
        self.click('.o_cp_buttons .o_form_button_edit')
        self.wait_form(editable=True)

    def statusbar(self):
        """The state shown highlighted in the form's status bar ('' while none is)."""
        return self.driver.execute_script(
            "var state = Array.from(document.querySelectorAll("
            "'.o_form_statusbar .o_statusbar_status .btn-primary')).filter(function (button) {"
            " return button.offsetParent !== null; })[0];"
            "return state ? state.textContent.trim() : '';")

    def wait_state(self, label):
        try:
            self.wait(lambda _driver: self.statusbar() == label, 'the state "%s"' % label)
        except WalkError as error:
            raise WalkError('%s (shown: "%s")' % (error, self.statusbar())) from None

    def header_button(self, label):
        """A visible button of the form's header, by its label (Odoo 11 renders no method name)."""
        return self.wait(lambda _driver: next((button for button in self.visible(
            '.o_form_statusbar .o_statusbar_buttons button') if button.text.strip() == label), False),
            'the button "%s" (buttons shown: %s)' % (label, ', '.join(self.header_buttons())))

    def header_buttons(self):
        return [button.text.strip() for button in
                self.visible('.o_form_statusbar .o_statusbar_buttons button')]

    def press(self, label):
        """Click a button of the form's header."""
        self.click(lambda: self.header_button(label))

    def dialog(self):
        """The dialog on screen (the topmost), waiting for it."""
        return self.wait(lambda _driver: self.visible('.modal.in .modal-dialog'), 'a dialog')[-1]

    def dialog_button(self, label):
        """Click a button of the dialog's footer, by its label; wait for the dialog to close."""
        dialog = self.dialog()
        button = self.wait(lambda _driver: next((button for button in dialog.find_elements(
            By.CSS_SELECTOR, '.modal-footer button') if button.is_displayed()
            and button.text.strip() == label), False), 'the dialog button "%s"' % label)
        self.click(button)
        self.wait(lambda _driver: gone(dialog), 'the dialog to close')
        self.wait_idle()

    # Fields (in the form on screen, a line being edited, or a dialog) ------------------------
    # `within`: a CSS selector (found again each time: Odoo re-renders a line after an
    # onchange) or an element.

    def field(self, name, within=None):
        if isinstance(within, str):
            within = self.find(within)
        return self.find('.o_field_widget[name="%s"]' % name, within=within)

    def field_input(self, name, within=None):
        """The field's own input (its <input>, <textarea> or <select>), waiting until it takes
        a value: shown and enabled. A line of an editable list has its inputs disabled while it
        is being saved (on "Add an item", a click elsewhere) until it is rendered again."""
        def ready(_driver):
            scope = within
            if isinstance(within, str):
                scope = next(iter(self.visible(within)), None)
                if scope is None:
                    return False
            widget = next((element for element in (scope or self.driver).find_elements(
                By.CSS_SELECTOR, '.o_field_widget[name="%s"]' % name) if element.is_displayed()), None)
            if widget is None:
                return False
            element = widget if widget.tag_name in ('input', 'textarea', 'select') else next(
                iter(widget.find_elements(By.CSS_SELECTOR, 'input, textarea, select')), None)
            return element if element is not None and element.is_enabled() else False
        return self.wait(ready, 'the field %s, editable' % name)

    def retry(self, action, attempts=5):
        """Run action(); again if the page re-rendered what it held meanwhile (an onchange's
        reply): the element gone, or disabled between being found and used. The action finds
        its element again (field_input waits for it to be enabled)."""
        for attempt in range(attempts):
            try:
                return action()
            except (StaleElementReferenceException, InvalidElementStateException,
                    NotImplementedError):  # (Selenium's "disabled option")
                if attempt == attempts - 1:
                    raise
                self.wait_idle()

    def set_text(self, name, value, within=None, tab=True):
        """Type over the field's value, then leave it with Tab (tab=False: stay, e.g. in the last
        column of an editable line, where Tab would start another line)."""
        def type_in():
            element = self.field_input(name, within)
            # select what is there and type over it, as a person does (clear() would commit an
            # empty value first, and an empty plan name is given its generated one back)
            element.send_keys(Keys.CONTROL, 'a')
            element.send_keys(value + (Keys.TAB if tab else ''))
        self.retry(type_in)
        self.wait_idle()

    def set_many2one(self, name, text, within=None, pick=None):
        """Type in a many2one and pick the suggestion showing `pick` (default: the text).

        Picked from the suggestions of the text as typed: those of a part of it (each key
        starts a search) are replaced when the last search answers, and a click on them then
        selects nothing, the field left with the typed text and no value. The pick is checked:
        the many2one shows the suggestion's name (a many2many its tag)."""
        wanted = pick or text

        def type_in():
            box = self.field_input(name, within)
            box.clear()
            box.send_keys(text)
            return box

        def suggestion(box):
            links = self.driver.execute_script(
                "var input = arguments[0];"
                "var search = window.jQuery && jQuery(input).autocomplete('instance');"
                "if (!search || search.pending || search.term !== input.value"
                " || !search.menu.element.is(':visible')) { return null; }"
                "return search.menu.element.find('li a').toArray();", box)
            return next((link for link in links or [] if wanted in link.text), None)

        def picked(label):
            widget = self.field(name, within)
            if self.visible('ul.ui-autocomplete li a'):
                return False
            if 'o_field_many2manytags' in widget.get_attribute('class').split():
                return any(wanted in tag.text for tag in widget.find_elements(By.CSS_SELECTOR, '.badge'))
            return self.field_input(name, within).get_attribute('value').strip() == label
        # typed again when no suggestion came, or the pick did not take: the keys may have
        # reached a widget that an onchange's reply (of the field entered before) was replacing
        for attempt in range(3):
            box = self.retry(type_in)
            try:
                link = self.wait(lambda _driver: suggestion(box) or False,
                                 'the suggestion %s of %s' % (wanted, name), timeout=TIMEOUT // 3)
                label = link.text.strip().split('\n')[0].strip()
                self.click(lambda: suggestion(box))
                self.wait(lambda _driver: picked(label), 'the suggestion %s picked in %s' % (
                    label, name), timeout=TIMEOUT // 3)
                return label
            except WalkError:
                if attempt == 2:
                    raise
                self.wait_idle()

    def set_radio(self, name, label, within=None):
        """Choose the option `label` of a radio field."""
        self.click(lambda: next((item.find_element(By.CSS_SELECTOR, 'input') for item in
                                 self.field(name, within).find_elements(By.CSS_SELECTOR, '.o_radio_item')
                                 if item.text.strip() == label), None))

    def set_select(self, name, label, within=None):
        """Choose the option `label` of a selection field's drop-down list."""
        self.retry(lambda: Select(self.field_input(name, within)).select_by_visible_text(label))
        self.wait_idle()

    def selected_text(self, name, within=None):
        """The option a selection field's drop-down list shows."""
        return Select(self.field_input(name, within)).first_selected_option.text.strip()

    def set_field(self, name, value, within=None):
        """Enter a value as its widget takes it: a many2one (or many2many tags) is typed and its
        suggestion picked, a radio's or a drop-down list's option chosen, anything else typed in.
        Return the name a many2one shows once picked (else None)."""
        element = self.field(name, within)
        classes = element.get_attribute('class').split()
        if {'o_field_many2one', 'o_field_many2manytags'} & set(classes):
            label = self.set_many2one(name, value, within=within)
            return label if 'o_field_many2one' in classes else None
        if 'o_field_radio' in classes:
            self.set_radio(name, value, within=within)
        elif element.tag_name == 'select':
            self.set_select(name, value, within=within)
        else:
            self.set_text(name, value, within=within)
        return None

    def fill(self, values, within=None):
        """Enter {field name: value} in their order (an onchange of one may fill the next)."""
        for name, value in values.items():
            self.set_field(name, value, within=within)

    def field_text(self, name, within=None):
        return self.field(name, within).text.strip()

    def add_line(self, field_name, values=None):
        """Click "Add an item" in a one2many list and enter the line's values {field: value};
        return the selector of the line being edited.

        The line edited before is saved first: it stays selected, its inputs disabled, until
        the new line is rendered. The values go to the new line only: wait for one line more
        than before, selected."""
        field = '.o_field_widget[name="%s"]' % field_name
        script = ("var field = Array.from(document.querySelectorAll(arguments[0]))"
                  ".filter(function (element) { return element.offsetParent !== null; })[0];"
                  "return field ? [field.querySelectorAll('tr.o_data_row').length,"
                  " !!field.querySelector('tr.o_selected_row')] : [-1, false];")
        count = self.driver.execute_script(script, field)[0]
        self.click(field + ' .o_field_x2many_list_row_add a')
        row = field + ' tr.o_selected_row'
        self.wait(lambda driver: driver.execute_script(script, field) == [count + 1, True],
                  'the new line of %s' % field_name)
        self.wait_idle()
        self.fill(values or {}, within=row)
        return row

    def open_tab(self, label):
        """Click the form's notebook tab `label` (the fields of other tabs are hidden)."""
        self.click(lambda: next((tab for tab in self.visible('.o_form_view .o_notebook .nav-tabs li a')
                                 if tab.text.strip() == label), None))
        self.wait(lambda _driver: any(tab.text.strip() == label for tab in self.visible(
            '.o_form_view .o_notebook .nav-tabs li.active a')), 'the tab "%s" shown' % label)

    def smart_button(self, label):
        """Click the button of the form's button box showing `label` (e.g. "Sub-plans")."""
        with self.new_view():
            self.click(lambda: self.smart_button_element(label))

    def smart_button_element(self, label):
        return next((button for button in self.visible('.oe_button_box button')
                     if label in button.text), None)

    def smart_button_text(self, label):
        """The text of the form's smart button showing `label`, on one line ("1 Incidents")."""
        button = self.wait(lambda _driver: self.smart_button_element(label) or False,
                           'the button %s' % label)
        return ' '.join(button.text.split())

    def kanban_cards(self):
        return [card.text for card in self.visible('.o_kanban_view .o_kanban_record')]

    # The dashboard (every role's home page) ---------------------------------------------------

    def dashboard(self):
        """The counters of the Sales Process dashboard on screen: {name: number}."""
        css = '.o_sales_process_dashboard .o_kanban_record'
        self.wait(lambda _driver: self.visible(css), 'the Sales Process dashboard')
        self.wait_idle()
        return self.driver.execute_script(
            "var tiles = {}; document.querySelectorAll(arguments[0]).forEach(function (card) {"
            " var name = card.querySelector('.o_kanban_card_header_title');"
            " var count = card.querySelector('h1');"
            " if (name && count) { tiles[name.innerText.trim()] = parseInt(count.innerText, 10); }"
            " }); return tiles;", css)

    def open_tile(self, name):
        """Click the dashboard's counter `name`: its list opens."""
        css = '.o_sales_process_dashboard .o_kanban_record'
        with self.new_view():
            # the counter's number, as a person clicks it
            self.click(lambda: next((card.find_element(By.CSS_SELECTOR, 'h1') for card in self.visible(css)
                                     if card.find_element(By.CSS_SELECTOR, '.o_kanban_card_header_title')
                                     .text.strip() == name), None))

    def open_from_tile(self, name, *texts):
        """The dashboard's counter `name` counts at least one record: its list opened and, with
        texts, the row showing them opened (wait for its form); return the count."""
        count = self.dashboard()[name]
        assert count >= 1, 'the tile %s counts %s' % (name, count)
        self.open_tile(name)
        if texts:
            self.open_row(*texts)
        return count

    # Activities, chatter --------------------------------------------------------------------

    def open_my_approvals(self):
        """Sales Process > My Approvals: the user's to-dos of the sales process."""
        self.open_menu('sales_process.menu_root', MY_APPROVALS)

    def open_my_approval(self, name, activity, listed_as=None):
        """Sales Process > My Approvals: the row of the document `name` showing `activity`,
        opened; return the form's document name. `listed_as`: the document's name in the list
        when it differs from the form's (a to-do keeps the name it was given in the language of
        whoever asked for it)."""
        self.open_my_approvals()
        # a click on the row itself opens the document (not only the row's small icon)
        self.open_row(listed_as or name, activity, css='td.o_data_cell')
        return self.field_text('name')

    def decide_from_my_approvals(self, name, state, activity='To Approve', button='Approve',
                                 values=None, confirm=None, listed_as=None):
        """My Approvals: the document `name` of the to-do `activity` opened; its header button
        `button`, the dialog's values {field: value} entered, the dialog's `confirm` (default: the
        same label as the button) clicked; wait for the document's state `state` (None: a
        document without a status bar, wait for the button to leave the header). Labels in the
        user's language."""
        assert self.open_my_approval(name, activity, listed_as=listed_as) == name
        self.press(button)
        self.fill(values or {}, within=self.dialog())
        self.dialog_button(confirm or button)
        if state is None:
            self.wait(lambda _driver: button not in self.header_buttons(),
                      'the button "%s" gone once decided' % button)
        else:
            self.wait_state(state)

    def activity_count(self):
        """The number on the activities' clock in the top bar (0 without one)."""
        text = self.driver.execute_script(
            "var clock = document.querySelector('.o_mail_navbar_item .fa-clock-o');"
            "var counter = clock && clock.parentNode.querySelector('.o_notification_counter');"
            "return counter ? counter.textContent.trim() : '';")
        return int(text) if text.isdigit() else 0

    def wait_activities(self, minimum=1):
        """Wait for the top bar to show at least `minimum` activities (the to-dos load last)."""
        self.wait(lambda _driver: self.activity_count() >= minimum,
                  'at least %d activities in the top bar' % minimum)
        return self.activity_count()

    def chatter_messages(self):
        return [message.text for message in self.visible('.o_thread_message .o_thread_message_content')]

    # Transfers (stock pickings) ----------------------------------------------------------------

    def validate_transfer(self, apply='Apply', done='Done'):
        """The transfer on screen: Validate, the immediate-transfer dialog's `apply` (nothing
        entered as done: Odoo processes what is reserved); wait for `done`."""
        self.press('Validate')
        self.dialog_button(apply)
        self.wait_state(done)

    # The Action and Print menus --------------------------------------------------------------

    def sidebar_menu(self, section, label):
        """Open the control panel's dropdown holding `section` ('other': Action, 'print': Print)
        and click its item `label`."""
        link_css = '.o_cp_sidebar a[data-section="%s"]' % section
        self.click(self.wait(lambda _driver: next((button for button in self.visible(
            '.o_cp_sidebar .o_dropdown_toggler_btn') if button.find_elements(
            By.XPATH, 'following-sibling::ul//a[@data-section="%s"]' % section)), False),
            'the %s menu' % section))
        self.click(self.wait(lambda _driver: next((link for link in self.visible(link_css)
                                                   if link.text.strip() == label), False),
                             'the item %s of the %s menu' % (label, section)))

    def action_menu(self, label):
        self.sidebar_menu('other', label)

    # Printing ---------------------------------------------------------------------------------

    def print_report(self, label):
        """Print > label: wait for the PDF in the download folder, complete; return its file
        name and bytes.

        The folder is emptied first: a file of the same name left there (by an earlier print or
        run) could be overwritten in place and never seen as new. Complete: no partial download
        (.crdownload) left, and the file's size the same at two looks in a row."""
        for name in os.listdir(self.download_dir):
            os.remove(os.path.join(self.download_dir, name))
        self.sidebar_menu('print', label)
        sizes = {}

        def downloaded(_driver):
            names = os.listdir(self.download_dir)
            if any(name.endswith('.crdownload') for name in names):
                return False
            for name in names:
                if name.startswith('.'):
                    continue
                size = os.path.getsize(os.path.join(self.download_dir, name))
                if size and sizes.get(name) == size:
                    return name
                sizes[name] = size
            return False
        name = self.wait(downloaded, 'the PDF of %s in %s' % (label, self.download_dir), timeout=120)
        with open(os.path.join(self.download_dir, name), 'rb') as handle:
            return name, handle.read()

    def report_html(self, report_name, record_id):
        """The report as HTML, fetched with this browser's session (what the PDF is made of)."""
        cookie = self.driver.get_cookie('session_id')
        request = urllib.request.Request('%s/report/html/%s/%s' % (URL, report_name, record_id),
                                         headers={'Cookie': 'session_id=%s' % cookie['value']})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read().decode('utf-8')

    def record_id(self):
        """The id of the record on screen, from the URL (#id=...)."""
        match = re.search(r'[#&]id=(\d+)', self.driver.current_url)
        if not match:
            raise WalkError('no record id in %s' % self.driver.current_url)
        return int(match.group(1))


def gone(element):
    """Whether the element left the screen (hidden, or removed from the page)."""
    try:
        return not element.is_displayed()
    except StaleElementReferenceException:
        return True


def pdf_text(data):
    """The text of a PDF (pypdf), for asserting what a printed form says."""
    from pypdf import PdfReader
    return '\n'.join(page.extract_text() or '' for page in PdfReader(io.BytesIO(data)).pages)


def walk_report(browser, started):
    """One line for the run's summary: duration, steps, console errors and entries."""
    return {'walk': browser.name, 'seconds': round(time.time() - started, 1),
            'steps': len(browser.steps), 'console_errors': len(browser.console_errors),
            'console_entries': len(browser.console)}
