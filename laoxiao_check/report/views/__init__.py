"""report/views"""
