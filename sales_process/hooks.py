def post_init_hook(cr, registry):
    """Sales teams that exist before the module are regions, except website/other channels."""
    cr.execute("UPDATE crm_team SET is_sales_region = false WHERE team_type IS DISTINCT FROM 'sales'")
